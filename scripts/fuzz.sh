#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers a network peer reaches (docs/FUZZING.md).
#
#   scripts/fuzz.sh --list                          the targets
#   scripts/fuzz.sh TARGET [MINUTES]                fuzzes TARGET (default 3 minutes) with afl-fuzz
#   scripts/fuzz.sh [-j N] TARGET,TARGET... MINUTES  those targets, N at a time (default 1)
#   scripts/fuzz.sh [-j N] all MINUTES              every target, N at a time
#
# Installs afl++ (Debian) and the SharpFuzz instrumenter (dotnet tool) when missing, builds
# Release, instruments a copy of the production assemblies, fuzzes starting from
# fuzz/corpus/TARGET, then merges what afl found back into that corpus (minimized with afl-cmin)
# and copies every crash input to fuzz/crashes/TARGET/, printing each with its exception.
# Each afl-fuzz keeps a core busy: -j should not exceed the cores to spare.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh

readonly sharpfuzz_version=2.3.0
readonly instrumented=fuzz/MediaActors.Fuzz/bin/Instrumented
readonly plain=fuzz/MediaActors.Fuzz/bin/Release/net10.0
# afl's output of each run; afl-cmin refuses to work under /tmp.
readonly runs=fuzz/MediaActors.Fuzz/bin/Runs
# Corpus files larger than this are left out when merging: small inputs fuzz faster and read better.
readonly max_corpus_file_bytes=4096
# afl-fuzz's per-input time limit (ms); the first input of a run also starts the runtime.
readonly timeout_ms=5000

usage() {
  echo "usage: scripts/fuzz.sh --list | [-j N] TARGET[,TARGET...]|all [MINUTES]" >&2
  exit 2
}

ensure_tools() {
  ensure_packages afl++
  export PATH="$PATH:$HOME/.dotnet/tools"
  if ! command -v sharpfuzz >/dev/null; then
    echo "Installing the SharpFuzz instrumenter (dotnet tool SharpFuzz.CommandLine $sharpfuzz_version)" >&2
    dotnet tool install --global SharpFuzz.CommandLine --version "$sharpfuzz_version" >&2
  fi
}

# Builds Release and instruments a copy of it: the plain build stays as the tests use it.
build_instrumented() {
  dotnet build fuzz/MediaActors.Fuzz -c Release -v quiet -nologo >&2
  rm -rf "$instrumented"
  cp -r "$plain" "$instrumented"
  # Only the production code is instrumented: the parsers and what calls them (Protocol,
  # Actors, the host's HTTP side); not the fuzz targets, Akka or the runtime.
  for assembly in MediaActors.Protocol MediaActors.Actors mediaactors; do
    sharpfuzz "$instrumented/$assembly.dll" >&2
  done
}

list_targets() { dotnet "$plain/MediaActors.Fuzz.dll" --list; }

# afl refuses to start when core dumps go to a program (core_pattern "|..."), as it could miss
# crashes that way; a .NET exception is reported by SharpFuzz, not by a core dump, so it is safe
# to go on where the pattern cannot be changed (a container).
prepare_afl_environment() {
  export AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
  if grep -q '^|' /proc/sys/kernel/core_pattern 2>/dev/null \
    && ! { echo core > /proc/sys/kernel/core_pattern; } 2>/dev/null; then
    export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
  fi
}

stat_of() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$2"; }

fuzz_target() {
  local target=$1 minutes=$2
  local corpus=fuzz/corpus/$target crashes=fuzz/crashes/$target
  if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    echo "$corpus is empty or missing: afl needs at least one seed." >&2
    return 1
  fi

  local work
  mkdir -p "$runs"
  work=$(mktemp -d "$PWD/$runs/$target.XXXXXX")
  echo "== $target: fuzzing for $minutes min (afl output in $work)"
  afl-fuzz -V $((minutes * 60)) -i "$corpus" -o "$work/out" -t "$timeout_ms" -m none \
    -- dotnet "$instrumented/MediaActors.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 \
    || { tail -n 30 "$work/afl.log" >&2; return 1; }

  local stats=$work/out/default/fuzzer_stats
  echo "$target: $(stat_of execs_done "$stats") execs ($(stat_of execs_per_sec "$stats")/s), corpus $(stat_of corpus_count "$stats")," \
    "edges $(stat_of edges_found "$stats")/$(stat_of total_edges "$stats") (map $(stat_of bitmap_cvg "$stats")), crashes $(stat_of saved_crashes "$stats"), hangs $(stat_of saved_hangs "$stats")"

  merge_corpus "$target" "$work"
  collect_crashes "$target" "$work" "$crashes"
}

# The old corpus and afl's queue, minimized to the inputs that keep the coverage, named by content.
merge_corpus() {
  local target=$1 work=$2 corpus=fuzz/corpus/$1
  mkdir -p "$work/all"
  cp "$corpus"/* "$work/all/"
  local known
  known=$(sha1sum "$corpus"/* | cut -c1-40)
  for file in "$work"/out/default/queue/id:*; do
    [ "$(stat -c %s "$file")" -le "$max_corpus_file_bytes" ] || continue
    local sum
    sum=$(sha1sum "$file" | cut -c1-40)
    # The seeds come back in the queue: they keep their own names.
    grep -q "$sum" <<< "$known" || cp "$file" "$work/all/q-${sum:0:16}"
  done
  afl-cmin -i "$work/all" -o "$work/min" -t "$timeout_ms" -m none \
    -- "$(command -v dotnet)" "$instrumented/MediaActors.Fuzz.dll" "$target" > "$work/cmin.log" 2>&1 \
    || { tail -n 20 "$work/cmin.log" >&2; return 1; }
  local before after
  before=$(ls "$corpus" | wc -l)
  # The seeds (real traffic) stay whatever afl-cmin thinks of them; the inputs afl found are
  # replaced by those of them that add coverage.
  rm -f "$corpus"/q-*
  cp "$work"/min/q-* "$corpus/" 2>/dev/null || true
  after=$(ls "$corpus" | wc -l)
  echo "$target: corpus $before -> $after files, $(cat "$corpus"/* | wc -c) bytes"
}

# Each crash afl saved, and each hang that still hangs run alone, is kept and shown with what escaped.
collect_crashes() {
  local target=$1 work=$2 crashes=$3 found=0
  for file in "$work"/out/default/crashes/id:* "$work"/out/default/hangs/id:*; do
    [ -e "$file" ] || continue
    local kind=crash
    case $file in */hangs/*) kind=hang ;; esac
    local name="$kind-$(sha1sum "$file" | cut -c1-16)"
    local replay status=0
    replay=$(timeout 30 dotnet "$plain/MediaActors.Fuzz.dll" "$target" "$file" 2>&1) || status=$?
    if [ "$kind" = crash ] && [ "$status" -eq 0 ]; then
      echo "$target: $file crashed under afl but not alone (left in $work)"
      continue
    fi
    # A hang that finishes alone was a slow moment of the machine, not of the parser.
    [ "$kind" = hang ] && [ "$status" -ne 124 ] && continue
    mkdir -p "$crashes"
    cp "$file" "$crashes/$name"
    found=$((found + 1))
    echo "--- $crashes/$name"
    od -A x -t x1z -v "$file" | head -n 8
    echo "$replay" | head -n 12
  done
  [ "$found" -eq 0 ] && echo "$target: no crash" || echo "$target: $found crash input(s) in $crashes"
}

# Runs fuzz_target for each target, `parallel` at a time; each one's report is printed whole when it ends.
fuzz_targets() {
  local minutes=$1 parallel=$2
  shift 2
  local reports status=0
  reports=$(mktemp -d)
  for each in "$@"; do
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || status=1; done
    (
      rc=0
      fuzz_target "$each" "$minutes" > "$reports/$each" 2>&1 || rc=$?
      cat "$reports/$each"
      exit $rc
    ) &
  done
  while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || status=1; done
  rm -rf "$reports"
  return $status
}

parallel=1
if [ "${1:-}" = "-j" ]; then
  [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage
  parallel=$2
  shift 2
fi
[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then
  dotnet build fuzz/MediaActors.Fuzz -c Release -v quiet -nologo >&2
  list_targets
  exit 0
fi

minutes=${2:-3}
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -gt 0 ] || usage
[ "$1" != all ] || [ $# -eq 2 ] || usage

ensure_tools
build_instrumented
prepare_afl_environment
known=$(list_targets)
if [ "$1" = all ]; then
  targets=$known
else
  targets=${1//,/ }
  for each in $targets; do
    grep -qx -- "$each" <<< "$known" \
      || { echo "unknown target '$each'; scripts/fuzz.sh --list names them" >&2; exit 2; }
  done
fi
# shellcheck disable=SC2086 # the target names are words
fuzz_targets "$minutes" "$parallel" $targets
