#!/usr/bin/env bash
# Benchmark: 50 boards (one process, bench/BoardFleet) and 3 relays on this machine: how soon every
# board plays on every relay, what the cluster sends at rest, and what a relay costs per client
# against `mediaactors serve` and gst-rtsp-server. Usage: bench/cluster-scale.sh [boards] [clients]
# [options] (see bench/cluster_scale.py --help). Installs what is missing, builds the host, the load
# client and the fleet, prints a report and writes bench/out/cluster-scale-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
bench_prepare bench/LoadClient bench/BoardFleet
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/cluster_scale.py "$@"
