#!/usr/bin/env bash
# Benchmark: MediaActors against gst-rtsp-server with 50, 200 and 400 clients (--max: 1000 too).
# Installs what is missing, builds the host and the load client, then runs bench/run.py (see its
# --help); prints a table and writes bench/out/results-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
bench_prepare bench/LoadClient
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/run.py "$@"
