#!/usr/bin/env bash
# Benchmark: what RTSP over TLS costs per TCP client against plain RTSP over TCP, 200 clients,
# MediaActors and gst-rtsp-server in the same run. Installs what is missing (as bench/run.sh, and
# openssl for the bench's throwaway certificate, glib-networking for GStreamer's TLS), builds the
# host and the load client, then runs bench/tls.py (see its --help); prints the table and writes
# bench/out/tls-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
ensure_packages openssl glib-networking
bench_prepare bench/LoadClient
# The Debian python, where python3-gi is installed (a python3 earlier on PATH may lack it).
exec /usr/bin/python3 bench/tls.py "$@"
