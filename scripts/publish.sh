#!/usr/bin/env bash
# Publishes mediaactors as a self-contained directory that runs on a Linux machine without the
# .NET SDK or runtime (a board, a server, a container):
#
#   ./scripts/publish.sh [--tarball] [linux-x64|linux-arm64] [OUTPUT_DIR]     (default linux-x64, artifacts/publish/RID)
#
# It checks that the executable is built for the target's architecture (its ELF header) and starts
# it to print its help: natively, or for the other architecture under qemu-user with Debian's
# cross-built C libraries, which it installs when missing. Prints the output directory.
#
# --tarball also writes mediaactors-RID.tar.gz next to the output directory (and prints its path),
# to be unpacked over / as root: the directory as opt/mediaactors/, the systemd unit as
# etc/systemd/system/mediaactors.service and the default settings as etc/mediaactors/mediaactors.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh

tarball=false
positional=()
for argument in "$@"; do
  case "$argument" in
    --tarball) tarball=true ;;
    *) positional+=("$argument") ;;
  esac
done
set -- "${positional[@]+"${positional[@]}"}"

rid=${1:-linux-x64}
case "$rid" in
  linux-x64) elf="x86-64" machine="x86_64" qemu="qemu-x86_64" sysroot="/usr/x86_64-linux-gnu" cross="libc6-amd64-cross libstdc++6-amd64-cross" ;;
  linux-arm64) elf="ARM aarch64" machine="aarch64" qemu="qemu-aarch64" sysroot="/usr/aarch64-linux-gnu" cross="libc6-arm64-cross libstdc++6-arm64-cross" ;;
  *) echo "usage: $0 [--tarball] [linux-x64|linux-arm64] [OUTPUT_DIR]" >&2; exit 2 ;;
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

if $tarball; then
  archive="$(dirname "$out")/mediaactors-$rid.tar.gz"
  stage="$out.stage"
  rm -rf "$stage"
  mkdir -p "$stage/opt" "$stage/etc/systemd/system" "$stage/etc/mediaactors"
  # Hard links: staged without copying the 120 MB.
  cp -al "$out" "$stage/opt/mediaactors"
  cp packaging/mediaactors.service "$stage/etc/systemd/system/"
  cp packaging/mediaactors.conf "$stage/etc/mediaactors/"
  # Files only, owned by root: unpacked over / it creates what is missing and never changes the
  # owner or mode of /etc or /opt (an entry for a directory would).
  (cd "$stage" && find . ! -type d -printf '%P\n' | LC_ALL=C sort) \
    | tar -C "$stage" --create --gzip --file "$archive" --no-recursion --owner=0 --group=0 --numeric-owner --files-from=-
  rm -rf "$stage"
  echo "$archive"
fi
