#!/usr/bin/python3
"""Benchmark: the cost of one RTSP pull hop, MediaActors against gst-rtsp-server relaying the same
camera in the same run.

A camera (bench/gst_rtsp_server.py looping a 20 s, 4 Mbit/s 1280x720 30 fps H.264 file) is pulled
over TCP by one relay at a time: `mediaactors serve --source rtsp://CAMERA` and
`bench/gst_rtsp_server.py --relay rtsp://CAMERA` (rtspsrc ! rtph264depay ! rtph264pay). One client,
this process, plays the camera directly and the relay at once (both TCP interleaved, one monotonic
clock), assembles H.264 access units from either stream and matches them by a hash of their VCL NAL
units, which both relays pass on unchanged. A frame's latency is when its last packet came through
the relay minus when it came from the camera directly. Meanwhile the relay process's CPU and RSS
are sampled. Prints a table and writes it, with the raw numbers, to bench/out/pull-hop-*.md/json.
Run it through bench/pull-hop.sh, which installs the packages and builds the host."""
import argparse
import datetime
import hashlib
import json
import os
import selectors
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable

from benchlib import (HOST_DLL, OUT, REPO, BenchError, cpu_ticks, gst_command, machine, number, percentile, prepare_stream,
                      require_built, rss_kib, run_main, serve_command, start_server, stop_process)
from benchlib import check_port_free as check_free
from benchlib import markdown_table as table
from benchlib import write_results as write_report
from rtsp_client import open_stream

STREAM_SECONDS = 20
STREAM = OUT / f"pull-hop-stream-{STREAM_SECONDS}s.h264"
PULL_CONFIG = REPO / "bench/mediaactors-pull-hop.conf"

# As run.py's stream, but 20 s: a frame's bytes recur only once per loop of the file, so every
# frame of a 20 s window is unique and its match through the relay unambiguous.

PLAYABLE_TIMEOUT_S = 30        # a relay just started: until its DESCRIBE answers 200
STALL_TIMEOUT_S = 5            # no RTP from a playing stream for this long is a failure
KEEPALIVE_INTERVAL_S = 15      # OPTIONS within the session (servers time sessions out at 60 s)
TAIL_S = 2                     # after the window: room for the relay's copies of its last frames
RSS_SAMPLE_INTERVAL_S = 0.2
# A relay's copy of a camera frame is looked for this close in time; the frame's bytes recur
# only STREAM_SECONDS later, so nothing else can match.
MATCH_WINDOW_S = STREAM_SECONDS / 4


# --- the camera and the relays ------------------------------------------------------------

def camera_command(port):
    return gst_command(port, "--file", str(STREAM))


def mediaactors_command(port, camera_url):
    return serve_command(camera_url, port, config=PULL_CONFIG)


def gst_relay_command(port, camera_url):
    return gst_command(port, "--relay", camera_url)


@dataclass(frozen=True)
class Relay:
    key: str
    name: str
    command: Callable[[int, str], list[str]]  # (port, camera URL) -> argv of a relay that prints its URL


RELAYS = [Relay("ours", "MediaActors", mediaactors_command), Relay("gst", "gst-rtsp-server", gst_relay_command)]


def check_port_free(port):
    check_free(port, "choose others with --port-base")


# --- H.264 access units -------------------------------------------------------------------

class AccessUnits:
    """Depacketizes H.264 (RFC 6184: single NAL unit, STAP-A, FU-A) into access units: the NAL
    units of one RTP timestamp, complete at the marker bit (or when the timestamp changes). Each
    access unit is recorded as (hash of its VCL NAL units, arrival of its last packet)."""

    def __init__(self):
        self.units = []      # (digest, arrival)
        self.timestamp = None
        self.nals = []
        self.fragment = None
        self.last_arrival = None
        self.packets = 0

    def add(self, packet, arrival):
        if len(packet) < 12 or packet[0] >> 6 != 2:
            return
        self.packets += 1
        header = 12 + 4 * (packet[0] & 0x0F)
        if packet[0] & 0x10:  # extension
            header += 4 + 4 * int.from_bytes(packet[header + 2:header + 4], "big")
        end = len(packet) - (packet[-1] if packet[0] & 0x20 else 0)
        payload = packet[header:end]
        marker = packet[1] & 0x80
        timestamp = int.from_bytes(packet[4:8], "big")
        if timestamp != self.timestamp:
            self._complete()
            self.timestamp = timestamp
        self.last_arrival = arrival
        if payload:
            self._payload(payload)
        if marker:
            self._complete()

    def _payload(self, payload):
        kind = payload[0] & 0x1F
        if 1 <= kind <= 23:
            self.nals.append(payload)
        elif kind == 24:  # STAP-A
            position = 1
            while position + 2 <= len(payload):
                size = int.from_bytes(payload[position:position + 2], "big")
                self.nals.append(payload[position + 2:position + 2 + size])
                position += 2 + size
        elif kind == 28 and len(payload) >= 2:  # FU-A
            start, stop = payload[1] & 0x80, payload[1] & 0x40
            if start:
                self.fragment = bytearray([(payload[0] & 0xE0) | (payload[1] & 0x1F)])
            if self.fragment is not None:
                self.fragment += payload[2:]
                if stop:
                    self.nals.append(bytes(self.fragment))
                    self.fragment = None

    def _complete(self):
        digest = hashlib.blake2b(digest_size=16)
        vcl = 0
        for nal in self.nals:
            if nal and 1 <= nal[0] & 0x1F <= 5:
                nal = nal.rstrip(b"\0")  # trailing zero bytes are the byte stream's, not the NAL unit's
                digest.update(len(nal).to_bytes(4, "big"))
                digest.update(nal)
                vcl += 1
        if vcl:
            self.units.append((digest.digest(), self.last_arrival))
        self.nals = []
        self.fragment = None


# --- one measurement ----------------------------------------------------------------------

def match_latencies(camera_units, relay_units, window_start, window_end, play_time):
    """For each access unit that came from the camera inside the window, the relay's copy nearest
    in time (within MATCH_WINDOW_S, and not one that arrived before PLAY: the GOP cache's catch-up
    frames are old on purpose); returns the latencies in seconds and how many were looked for."""
    relay_times = {}
    for digest, arrival in relay_units:
        if arrival >= play_time:
            relay_times.setdefault(digest, []).append(arrival)
    latencies, wanted = [], 0
    for digest, arrival in camera_units:
        if not window_start <= arrival < window_end:
            continue
        wanted += 1
        candidates = [other - arrival for other in relay_times.get(digest, ()) if abs(other - arrival) <= MATCH_WINDOW_S]
        if candidates:
            latencies.append(min(candidates, key=abs))
    return latencies, wanted


def measure(args, relay, camera_url, round_index):
    """Starts the relay fresh, plays the camera and the relay for skip + duration seconds, stops it."""
    port = args.port_base + 1 + RELAYS.index(relay)
    check_port_free(port)
    prefix = OUT / f"pull-hop-{relay.key}-{round_index + 1}"
    print(f"{relay.name}, round {round_index + 1}: relaying {camera_url} on port {port}", file=sys.stderr, flush=True)
    process, relay_url, log_path = start_server(relay.command(port, camera_url), prefix)
    streams = []
    try:
        deadline = time.monotonic() + PLAYABLE_TIMEOUT_S
        streams.append(open_stream("camera", camera_url, deadline))
        streams.append(open_stream(relay.name, relay_url, deadline))
        result = play_and_measure(args, streams, process, log_path)
        exit_code = process.poll()
    finally:
        for stream in streams:
            stream.close()
        stop_process(process)
    if exit_code is not None:
        raise BenchError(f"{relay.name} exited with {exit_code} during the measurement; see {log_path}")
    return {"relay": relay.key, "round": round_index + 1, "url": relay_url, **result}


def play_and_measure(args, streams, process, log_path):
    camera, relay = streams
    units = {camera.name: AccessUnits(), relay.name: AccessUnits()}
    selector = selectors.DefaultSelector()
    play_time = time.monotonic()
    for stream in streams:
        stream.play()
        selector.register(stream.sock, selectors.EVENT_READ, stream)
    # Waits for both streams' first access units, then skips --skip seconds of start-up.
    first_deadline = time.monotonic() + STALL_TIMEOUT_S * 2
    started = None
    window_start = window_end = None
    cpu_start = cpu_end = None
    peak_rss_kib = 0
    next_rss = next_keepalive = time.monotonic()
    next_keepalive += KEEPALIVE_INTERVAL_S
    while True:
        now = time.monotonic()
        if started is None:
            if all(units[stream.name].units for stream in streams):
                started = now
                window_start = started + args.skip
                window_end = window_start + args.duration
            elif now > first_deadline:
                silent = [stream.name for stream in streams if not units[stream.name].units]
                raise BenchError(f"no frame from {' and '.join(silent)} within {STALL_TIMEOUT_S * 2} s of PLAY; see {log_path}")
        if window_start is not None:
            if cpu_start is None and now >= window_start:
                cpu_start = (now, cpu_ticks(process.pid, children=True))
            if cpu_end is None and now >= window_end:
                cpu_end = (now, cpu_ticks(process.pid, children=True))
            if now >= window_end + TAIL_S:
                break
            if cpu_start is not None and cpu_end is None and now >= next_rss:
                peak_rss_kib = max(peak_rss_kib, rss_kib(process.pid))
                next_rss = now + RSS_SAMPLE_INTERVAL_S
        if process.poll() is not None:
            raise BenchError(f"the relay exited with {process.returncode} while playing; see {log_path}")
        if now >= next_keepalive:
            for stream in streams:
                stream.send_keepalive()
            next_keepalive = now + KEEPALIVE_INTERVAL_S
        for stream in streams:
            last = units[stream.name].last_arrival  # before the first packet, first_deadline rules
            if last is not None and now - last > STALL_TIMEOUT_S:
                raise BenchError(f"no RTP from {stream.name} for {STALL_TIMEOUT_S} s; see {log_path}")
        for key, _ in selector.select(timeout=0.05):
            stream = key.data
            try:
                chunk = stream.sock.recv(262144)
            except BlockingIOError:
                continue
            arrival = time.monotonic()
            if not chunk:
                raise BenchError(f"{stream.name} closed the connection; see {log_path}")
            for packet in stream.feed(chunk):
                units[stream.name].add(packet, arrival)
    selector.close()
    if args.units:
        # Every access unit of both streams, to see which frames a relay did not pass on.
        dump = {name: [(digest.hex(), arrival) for digest, arrival in record.units] for name, record in units.items()}
        log_path.with_suffix(".units.json").write_text(
            json.dumps({"play": play_time, "window": [window_start, window_end], **dump}) + "\n")

    latencies, wanted = match_latencies(units[camera.name].units, units[relay.name].units, window_start, window_end, play_time)
    latencies_ms = sorted(latency * 1000 for latency in latencies)
    seconds = cpu_end[0] - cpu_start[0]
    cpu_seconds = (cpu_end[1] - cpu_start[1]) / os.sysconf("SC_CLK_TCK")
    rounded = lambda value: None if value is None else round(value, 2)
    return {"window_s": round(seconds, 2),
            "latency_ms": {"p50": rounded(percentile(latencies_ms, 0.5)), "p99": rounded(percentile(latencies_ms, 0.99)),
                           "max": rounded(latencies_ms[-1] if latencies_ms else None),
                           "min": rounded(latencies_ms[0] if latencies_ms else None)},
            "frames_matched": len(latencies), "frames_in_window": wanted,
            "relay_frames_in_window": sum(1 for _, arrival in units[relay.name].units if window_start <= arrival < window_end),
            "cpu_percent": round(100 * cpu_seconds / seconds, 1), "rss_peak_mib": round(peak_rss_kib / 1024, 1),
            "loadavg_1m": round(os.getloadavg()[0], 2)}


# --- the report ---------------------------------------------------------------------------

COLUMNS = ["relay", "round", "p50 ms", "p99 ms", "max ms", "CPU % (one core)", "RSS MiB", "frames matched", "load avg 1 min"]
NAMES = {relay.key: relay.name for relay in RELAYS}


def row(run, label):
    latency = run["latency_ms"]
    return [NAMES[run["relay"]], label, number(latency["p50"]), number(latency["p99"]), number(latency["max"]),
            number(run["cpu_percent"]), number(run["rss_peak_mib"]),
            f"{run['frames_matched']} / {run['frames_in_window']}", number(run["loadavg_1m"])]


def median_row(runs):
    """Each column's median over the rounds (not one round's figures)."""
    def med(values):
        values = [value for value in values if value is not None]
        return round(statistics.median(values), 2) if values else None
    latency = {key: med(run["latency_ms"][key] for run in runs) for key in ("p50", "p99", "max")}
    return [NAMES[runs[0]["relay"]], "median", number(latency["p50"]), number(latency["p99"]), number(latency["max"]),
            number(med(run["cpu_percent"] for run in runs)), number(med(run["rss_peak_mib"] for run in runs)),
            f"{number(med(run['frames_matched'] for run in runs))} / {number(med(run['frames_in_window'] for run in runs))}",
            number(med(run["loadavg_1m"] for run in runs))]


def markdown_table(runs):
    rows = [COLUMNS] + [row(run, str(run["round"])) for run in runs]
    if max(run["round"] for run in runs) > 1:
        for relay in RELAYS:
            mine = [run for run in runs if run["relay"] == relay.key]
            if mine:
                rows.append(median_row(mine))
    return table(rows)


def report(args, stream, runs, started, loadavg):
    return "\n".join([
        f"# One RTSP pull hop {started:%Y-%m-%d %H:%M}",
        "",
        f"Camera: bench/gst_rtsp_server.py looping {stream['file']}, 1280x720 30 fps H.264, 1 s GOP, "
        f"{stream['mbps']} Mbit/s. Relays pull it over TCP; one client plays the camera and the relay over TCP.",
        f"Machine: {machine()}; load average at the start "
        f"{loadavg[0]:.2f} {loadavg[1]:.2f} {loadavg[2]:.2f}.",
        f"Window: {args.duration} s after {args.skip} s of start-up. Latency: a frame's last packet through "
        "the relay minus through the camera directly. CPU and RSS: the relay process (with children) over the window.",
        "",
        markdown_table(runs),
        "",
    ])


def write_results(args, stream, runs, started, loadavg):
    raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(),
           "loadavg_at_start": loadavg, "duration_s": args.duration, "skip_s": args.skip, "runs": runs}
    write_report(f"pull-hop-{started:%Y-%m-%d-%H%M%S}", report(args, stream, runs, started, loadavg), raw)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20, help="seconds measured per run (default 20)")
    parser.add_argument("--skip", type=float, default=2,
                        help="seconds left out after both streams deliver their first frame (default 2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds, MediaActors then gst-rtsp-server in each; with more than one, "
                             "the table adds each relay's medians (default 1)")
    parser.add_argument("--port-base", type=int, default=20500,
                        help="the camera's port; the relays take the next two (default 20500)")
    parser.add_argument("--units", action="store_true",
                        help="also write every access unit's hash and arrival, per stream, to bench/out/pull-hop-RELAY-ROUND.units.json")
    parser.add_argument("--only", choices=[relay.key for relay in RELAYS], help="measure only this relay")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not 0 < args.duration <= STREAM_SECONDS:
        parser.error(f"--duration must be above 0 and at most {STREAM_SECONDS} (the camera's loop)")
    return args


def main():
    args = parse_args()
    started = datetime.datetime.now()
    loadavg = [round(value, 2) for value in os.getloadavg()]

    def body():
        require_built(HOST_DLL, "dotnet build src/Host -c Release")
        stream = prepare_stream(STREAM, STREAM_SECONDS)
        print(f"Stream: {stream['file']}, {stream['mbps']} Mbit/s; load average {loadavg}", file=sys.stderr, flush=True)
        check_port_free(args.port_base)
        camera, camera_url, _ = start_server(camera_command(args.port_base), OUT / "pull-hop-camera")
        try:
            relays = [relay for relay in RELAYS if args.only in (None, relay.key)]
            runs = []
            for round_index in range(args.repeat):
                for relay in relays:
                    runs.append(measure(args, relay, camera_url, round_index))
                    if camera.poll() is not None:
                        raise BenchError(f"the camera exited with {camera.returncode}; see {OUT / 'pull-hop-camera.log'}")
        finally:
            stop_process(camera)
        write_results(args, stream, runs, started, loadavg)

    run_main("pull-hop", body)


if __name__ == "__main__":
    main()
