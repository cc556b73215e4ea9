#!/usr/bin/env bash
# Benchmark: a browser viewer (WebSocket) against an RTSP viewer, 50 at a time, MediaActors and
# gst-rtsp-server in the same run, then the player page's first picture in headless chromium.
# Installs what is missing, builds the host, the load client and the browser timing, then runs
# bench/web_viewers.py (see its --help); prints the tables and writes bench/out/web-viewers-*.md
# and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
ensure_packages chromium
bench_prepare bench/LoadClient bench/BrowserTiming
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/web_viewers.py "$@"
