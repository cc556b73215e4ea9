#!/usr/bin/env bash
# Benchmark: MediaActors against gst-rtsp-server with 50, 200 and 400 clients (--max: 1000 too).
# Installs what is missing, builds both .NET projects, then runs bench/run.py (see its --help);
# prints a table and writes bench/out/results-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
# h264parse is in plugins-bad; multifilesrc, rtph264pay and the RTP/UDP elements in good.
ensure_packages ffmpeg python3 python3-gi gir1.2-gst-rtsp-server-1.0 \
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad

dotnet build src/Host -c Release -nologo -v q >&2
if [ -d bench/LoadClient ]; then
  dotnet build bench/LoadClient -c Release -nologo -v q >&2
fi
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/run.py "$@"
