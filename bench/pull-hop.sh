#!/usr/bin/env bash
# Benchmark: one RTSP pull hop, MediaActors against gst-rtsp-server relaying the same camera.
# Installs what is missing, builds the host, then runs bench/pull_hop.py (see its --help);
# prints a table and writes bench/out/pull-hop-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
# rtspsrc, rtph264depay and rtph264pay are in plugins-good, h264parse in plugins-bad.
ensure_packages ffmpeg python3 python3-gi gir1.2-gst-rtsp-server-1.0 \
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad

dotnet build src/Host -c Release -nologo -v q >&2
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/pull_hop.py "$@"
