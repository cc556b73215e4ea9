#!/usr/bin/env bash
# Soak: every kind of session under 200 churning readers, with chaos (killed encoder, camera,
# publisher, board and relay; a frozen camera), for DURATION (e.g. 2m, 1h). Installs what is
# missing, builds the host and the load client, then runs bench/soak.py (see its --help and
# docs/RELIABILITY.md); writes bench/out/soak-<timestamp>/ and exits 1 on a failed verdict.
# Whatever happens to the python (Ctrl+C, a crash), the trap stops every process group it
# started: soak.py keeps the ids of those running in the run's `pids` file, and removes the
# file once it has stopped them all itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
ensure_packages python3-matplotlib
bench_prepare bench/LoadClient
started=$(date +%s)
cleanup() {
  local pids
  for pids in bench/out/soak-*/pids; do
    [ -f "$pids" ] && [ "$(stat -c %Y "$pids")" -ge "$started" ] || continue
    while read -r pid; do
      kill -KILL -- "-$pid" 2>/dev/null || true
    done < "$pids"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The Debian python, where python3-gi and matplotlib are installed.
/usr/bin/python3 bench/soak.py "$@"
