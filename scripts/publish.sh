#!/usr/bin/env bash
# Publishes mediaactors as a self-contained directory that runs on a Linux machine without the
# .NET SDK or runtime (a board, a server, a container):
#
#   ./scripts/publish.sh [linux-x64|linux-arm64] [OUTPUT_DIR]     (default linux-x64, artifacts/publish/RID)
#
# It checks that the executable is built for the target's architecture (its ELF header) and starts
# it to print its help: natively, or for the other architecture under qemu-user with Debian's
# cross-built C libraries, which it installs when missing. Prints the output directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh

rid=${1:-linux-x64}
case "$rid" in
  linux-x64) elf="x86-64" machine="x86_64" qemu="qemu-x86_64" sysroot="/usr/x86_64-linux-gnu" cross="libc6-amd64-cross libstdc++6-amd64-cross" ;;
  linux-arm64) elf="ARM aarch64" machine="aarch64" qemu="qemu-aarch64" sysroot="/usr/aarch64-linux-gnu" cross="libc6-arm64-cross libstdc++6-arm64-cross" ;;
  *) echo "usage: $0 [linux-x64|linux-arm64] [OUTPUT_DIR]" >&2; exit 2 ;;
esac
out=$(realpath -m "${2:-artifacts/publish/$rid}")

ensure_packages file
# Built apart (--artifacts-path) so that publishing never touches the bin/ and obj/ a normal build uses.
dotnet publish src/Host -c Release -r "$rid" --self-contained -p:DebugType=none \
  --artifacts-path "$out.build" -o "$out" >&2
rm -rf "$out.build"

description=$(file -b "$out/mediaactors")
if [[ "$description" != *"ELF 64-bit"*"$elf"* ]]; then
  echo "error: $out/mediaactors is not a $elf executable: $description" >&2
  exit 1
fi

if [ "$(uname -m)" = "$machine" ]; then
  "$out/mediaactors" --help >/dev/null
else
  # shellcheck disable=SC2086 # the cross libraries are separate package names
  ensure_packages qemu-user $cross
  # The JIT's write-xor-execute mappings are slow to emulate; nothing here needs them.
  DOTNET_EnableWriteXorExecute=0 "$qemu" -L "$sysroot" "$out/mediaactors" --help >/dev/null
fi
echo "$out"
