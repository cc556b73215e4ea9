#!/usr/bin/env bash
# Benchmark: what multicast saves. N readers of one 720p stream over multicast against N unicast
# UDP readers (MediaActors and gst-rtsp-server), 20 and 100 at a time. Installs what is missing,
# builds the host and the load client, routes the multicast range through lo (the readers are on
# this machine), then runs bench/multicast_fanout.py (see its --help); prints a table and writes
# bench/out/multicast-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
bench_prepare bench/LoadClient
# Readers joined on INADDR_ANY see the group only when its route goes through lo (needs root).
ip route replace 224.1.0.0/16 dev lo
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/multicast_fanout.py "$@"
