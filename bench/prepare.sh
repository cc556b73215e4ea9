# Sourced by the benchmark scripts in bench/ (from the repository's root): installs what the
# benchmarks against gst-rtsp-server need when it is missing, and builds the host and the .NET
# projects named, in Release.
# Usage: bench_prepare [project...]
source scripts/lib/ensure-packages.sh

bench_prepare() {
  # h264parse is in plugins-bad; multifilesrc, rtspsrc, rtph264pay/depay and the RTP/UDP elements
  # in good.
  ensure_packages ffmpeg python3 python3-gi gir1.2-gst-rtsp-server-1.0 \
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  local project
  for project in src/Host "$@"; do
    dotnet build "$project" -c Release -nologo -v q >&2
  done
}
