#!/usr/bin/env bash
# Streams a live test pattern at rtsp://127.0.0.1:8554/test (and the host's LAN address).
# Installs ffmpeg, the PC stand-in for the K230 hardware encoder, when it is missing.
# Any argument is passed to `mediaactors serve` (see --help), e.g. ./scripts/serve.sh --port 8555
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
ensure_packages ffmpeg
exec dotnet run --project src/Host -c Release -- serve "$@"
