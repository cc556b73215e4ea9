#!/usr/bin/env bash
# Benchmark: one RTSP pull hop, MediaActors against gst-rtsp-server relaying the same camera.
# Installs what is missing, builds the host, then runs bench/pull_hop.py (see its --help);
# prints a table and writes bench/out/pull-hop-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
bench_prepare
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/pull_hop.py "$@"
