#!/usr/bin/env bash
# What the HTTP server, /metrics and the control API cost a server streaming to 200 RTSP UDP
# clients: HTTP off, on and idle, scraped every 5 s, polled every 2 s (see bench/operations.py
# --help). Installs ffmpeg if missing, builds the host and the load client, prints a table and
# writes bench/out/operations/results-*.md and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
ensure_packages ffmpeg python3

dotnet build src/Host -c Release -nologo -v q >&2
dotnet build bench/LoadClient -c Release -nologo -v q >&2
exec python3 bench/operations.py "$@"
