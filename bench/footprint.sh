#!/usr/bin/env bash
# Benchmark: a board node's footprint (start-up, first client, memory idle and with 10 and 200
# clients, send latency, CPU per Gbit/s at 50 clients), MediaActors as published against
# gst-rtsp-server. Installs what is missing, builds the load client, publishes the host for this
# machine into bench/out/publish, then runs bench/footprint.py (see its --help); prints the table
# and writes bench/out/footprint-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
bench_prepare bench/LoadClient
./scripts/publish.sh "linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')" bench/out/publish >&2
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/footprint.py "$@"
