#!/usr/bin/env bash
# Runs every test of the solution against real players, and ends with "N passed, N failed".
# Installs the players the end-to-end tests drive (ffmpeg, GStreamer) when they are missing.
# The build checks that the code keeps the style of .editorconfig (`dotnet format` fixes it).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
# The gst-rtsp-server camera the tests pull from (tests/peers/gst_camera.py) runs on the Debian
# python3 with python3-gi; its x264enc is in plugins-ugly, x265enc in plugins-bad. rtspclientsink
# (GStreamer publishing to this server) is in gstreamer1.0-rtsp. The browser tests play the web
# player in Debian's chromium through Playwright (no browser is downloaded). The cluster isolation
# test cuts one link between nodes in network namespaces of their own (iproute2, nftables). The
# publish test starts the arm64 build under qemu-user with Debian's cross-built C libraries, and
# checks the tarball's systemd unit with systemd-analyze (package systemd; nothing is started).
ensure_packages ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav \
  gstreamer1.0-rtsp python3-gi gir1.2-gst-rtsp-server-1.0 chromium iproute2 nftables \
  file qemu-user libc6-arm64-cross libstdc++6-arm64-cross systemd python3-matplotlib

# Multicast readers on this machine join their group on the interface of its route: without
# this one they join on the default route's interface and never see what the server sends from
# loopback. Idempotent; without root the multicast end-to-end tests skip and say why.
ip route replace 224.1.0.0/16 dev lo 2>/dev/null \
  || echo "Could not route 224.1.0.0/16 through lo (needs root): the multicast end-to-end tests will be skipped."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A hung test is dumped and killed rather than stalling CI.
dotnet test MediaActors.sln -c Release --blame-hang-timeout 5m \
  --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T ..."
summary() { grep -oE "$1: +[0-9]+" "$log" | awk '{ sum += $2 } END { print sum + 0 }'; }
passed=$(summary Passed); failed=$(summary Failed); skipped=$(summary Skipped)

# A 2-minute soak (bench/soak.sh: every kind of session under 200 churning readers, with chaos;
# docs/RELIABILITY.md) counts as one more test. It runs after dotnet test and not as an xunit
# test: xunit runs test classes in parallel, and on 2 cores the soak's readers would see loss
# caused by the other tests' CPU use rather than by the server.
soak_log=$(mktemp)
trap 'rm -f "$log" "$soak_log"' EXIT
if bench/soak.sh 2m >"$soak_log" 2>&1; then
  passed=$((passed + 1))
  echo "Passed soak (bench/soak.sh 2m): $(grep -c '' "$soak_log") lines of output, verdict PASS"
else
  failed=$((failed + 1))
  soak_failed=1
fi

# The build above already enforced .editorconfig (EnforceCodeStyleInBuild); the two of its rules
# that Roslyn never runs in a build (IDE0003 no `this.`, IDE0049 `int` not `Int32`) are checked
# here, alone, which takes well under a minute where a whole `dotnet format` takes several.
style=0
if ! dotnet format style MediaActors.sln --verify-no-changes --diagnostics IDE0003 IDE0049; then
  echo "The code does not follow .editorconfig: run 'dotnet format MediaActors.sln' and commit the result."
  style=1
fi

# The failures again at the end, with their messages, so that the tail of the output says what failed.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  awk '/^  Failed [A-Za-z]/ { show = 1; lines = 0 }
       /^  Stack Trace:/ { show = 0 }
       show && lines++ < 12 { print }' "$log"
fi
if [ "${soak_failed:-0}" -eq 1 ]; then
  echo "Failed soak (bench/soak.sh 2m); its summary, or the end of its output:"
  sed -n '/^Soak of /,$p' "$soak_log" | grep . || tail -n 30 "$soak_log"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$style" -eq 0 ]
