#!/usr/bin/python3
"""Benchmark: what a board node costs, MediaActors against gst-rtsp-server serving the same
H.264 file, in one run: start-up, the first client after start, resident memory idle and with
10 and 200 clients, send latency at 200 UDP clients, and CPU per delivered Gbit/s at 50 UDP
clients.

MediaActors runs as a board runs it: the self-contained directory scripts/publish.sh makes (the
published build, precompiled), with the environment the shipped systemd unit sets
(packaging/mediaactors.service), and no HTTP server. Each server is started fresh for each part.
Run it through bench/footprint.sh, which installs the packages and publishes what this needs."""
import argparse
import datetime
import os
import re
import statistics
import time
from argparse import Namespace

import run
from benchlib import (BENCH_CONFIG, OUT, REPO, STREAM, STREAM_SECONDS, free_port, gst_command, load_client_argv,
                      machine, markdown_table, number, prepare_stream, require_built, rss_kib, run_load_client,
                      run_main, start_server, stop_process, write_results)
from rtsp_client import open_stream

PUBLISHED = OUT / "publish" / "mediaactors"
SERVICE_UNIT = REPO / "packaging/mediaactors.service"
DEFAULT_LOAD_CLIENT = run.DEFAULT_LOAD_CLIENT

# How long a server sits without clients before its idle memory is read: past start-up's
# allocations and the first collections, as a board that has been up a while.
IDLE_S = 10
# The start-up is measured to a few milliseconds: look for the URL that often.
URL_POLL_S = 0.002
SMALL_FAN_OUT = 10
FIRST_PACKET_TIMEOUT_S = 10


def service_environment():
    """The Environment= assignments of the shipped systemd unit: what a board runs with."""
    assignments = {}
    for line in SERVICE_UNIT.read_text().splitlines():
        match = re.fullmatch(r"Environment=(\w+)=(\S*)", line.strip())
        if match:
            assignments[match[1]] = match[2]
    return assignments


def ours_command(port):
    return [str(PUBLISHED), "serve", "--source", f"file:{STREAM}", "--port", str(port), "--bind", "127.0.0.1",
            "--http-port", "0", "--config", str(BENCH_CONFIG)]


def gst(port):
    return gst_command(port, "--file", str(STREAM))


SERVERS = [run.Server("ours", "MediaActors", ours_command), run.Server("gst", "gst-rtsp-server", gst)]


def start_timed(command, prefix):
    """Starts a server; returns the process, its URL, its log and the seconds from exec to the URL."""
    started = time.monotonic()
    process, url, log_path = start_server(command, prefix, URL_POLL_S)
    return process, url, log_path, time.monotonic() - started


def time_to_first_packet(url):
    """Milliseconds from connecting (DESCRIBE, SETUP, PLAY over TCP) to the first RTP packet."""
    started = time.monotonic()
    stream = open_stream("footprint", url, started + FIRST_PACKET_TIMEOUT_S)
    try:
        stream.play()
        stream.wait_first_packet(time.monotonic() + FIRST_PACKET_TIMEOUT_S)
        return (time.monotonic() - started) * 1000
    finally:
        stream.close()


def start_and_idle(server, round_index, clients_load_client):
    """Start-up, the first two clients one after the other, idle memory after IDLE_S, then the
    peak memory while SMALL_FAN_OUT UDP clients play."""
    prefix = OUT / f"footprint-start-{server.key}-{round_index + 1}"
    process, url, log_path, start_s = start_timed(server.command(free_port()), prefix)
    try:
        first_ms = time_to_first_packet(url)
        second_ms = time_to_first_packet(url)
        time.sleep(IDLE_S)
        idle_rss_mib = rss_kib(process.pid) / 1024
        command = load_client_argv(clients_load_client, url, SMALL_FAN_OUT, "udp", 15)
        _, sampler = run_load_client(command, process.pid, log_path, prefix, 60)
    finally:
        stop_process(process)
    return {"server": server.key, "round": round_index + 1, "start_s": start_s, "first_client_ms": first_ms,
            "second_client_ms": second_ms, "idle_rss_mib": idle_rss_mib, "small_fan_out_rss_mib": sampler.result["rss_peak_mib"]}


def load_step(args, server, clients, round_index):
    """run.py's measurement of one step (fresh server, load client, CPU, RSS, logged latency)."""
    step_args = Namespace(load_client=args.load_client, duration=args.duration, repeat=args.repeat)
    return run.measure(step_args, server, run.Step(clients, "udp"), round_index)


def median(runs, key):
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


def figures(starts, fan_out_200, fan_out_50):
    """One server's median figures over its rounds."""
    return {
        "idle_rss_mib": rounded(median(starts, "idle_rss_mib")),
        "small_fan_out_rss_mib": rounded(median(starts, "small_fan_out_rss_mib")),
        "rss_200_udp_mib": rounded(median(fan_out_200, "rss_peak_mib")),
        "start_s": rounded(median(starts, "start_s"), 2),
        "first_client_ms": rounded(median(starts, "first_client_ms")),
        "second_client_ms": rounded(median(starts, "second_client_ms")),
        "send_latency_p99_ms": rounded(median(fan_out_200, "send_latency_p99_ms")),
        "cpu_per_gbps_50_udp": rounded(median(fan_out_50, "cpu_percent_per_gbps")),
        "loss_percent_max": max((run["load"]["loss_percent"] for run in fan_out_200 + fan_out_50), default=None),
    }


ROWS = [
    ("resident memory, idle with one session (MiB)", "idle_rss_mib", "≤ 45"),
    (f"resident memory, {SMALL_FAN_OUT} UDP clients (MiB)", "small_fan_out_rss_mib", "≤ 60"),
    ("resident memory, 200 UDP clients (MiB)", "rss_200_udp_mib", "no more than before"),
    ("start to printed URL (s)", "start_s", "≤ 0.5"),
    ("first client after start: connect to first RTP packet (ms)", "first_client_ms", "no JIT stall"),
    ("second client: connect to first RTP packet (ms)", "second_client_ms", "—"),
    ("send latency p99 at 200 UDP clients (ms)", "send_latency_p99_ms", "< 5"),
    ("50 UDP clients, CPU % per Gbit/s", "cpu_per_gbps_50_udp", "≤ gst-rtsp-server's"),
    ("packets lost at 50 and 200 UDP clients, worst (%)", "loss_percent_max", "0"),
]


def report(stream, results, environment, started, rounds):
    ours, theirs = results["ours"], results["gst"]
    rows = [["measure", "MediaActors", "gst-rtsp-server", "ours / gst", "goal"]]
    for title, key, goal in ROWS:
        ratio = "n/a" if not ours[key] or not theirs[key] else f"{ours[key] / theirs[key]:.2f}"
        rows.append([title, number(ours[key]), number(theirs[key]), ratio, goal])
    settings = " ".join(f"{key}={value}" for key, value in environment.items()) or "none"
    return "\n".join([
        f"# Board footprint {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {machine()}. Median of {rounds} round(s); each part on a freshly started server.",
        f"MediaActors: the published directory ({PUBLISHED.parent.relative_to(REPO)}), environment of the",
        f"systemd unit: {settings}; no HTTP server. gst-rtsp-server: bench/gst_rtsp_server.py.",
        "Send latency is MediaActors' own measure (SendVideoData to a frame's last packet leaving);",
        "gst-rtsp-server has none. gst-rtsp-server builds its pipeline at the first client, so its",
        "first client includes that and its idle memory has no pipeline.",
        "",
        markdown_table(rows),
        "",
    ])


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each part, ours and gst in turn (default 3; the table shows medians)")
    parser.add_argument("--duration", type=int, default=30, help="seconds the 50 and 200 client steps measure (default 30)")
    parser.add_argument("--load-client", default=DEFAULT_LOAD_CLIENT, help="how to run the load client (default: the built bench/LoadClient)")
    return parser.parse_args()


def main():
    args = parse_args()
    started = datetime.datetime.now()

    def body():
        require_built(PUBLISHED, "./scripts/publish.sh linux-x64 bench/out/publish")
        stream = prepare_stream(STREAM, STREAM_SECONDS)
        environment = service_environment()
        os.environ.update(environment)  # gst-rtsp-server ignores DOTNET_* variables
        raw = {server.key: {"starts": [], "200": [], "50": []} for server in SERVERS}
        for round_index in range(args.repeat):
            # Ours and gst alternate within a part, so that a change in the machine's load weighs on both.
            for server in SERVERS:
                raw[server.key]["starts"].append(start_and_idle(server, round_index, args.load_client))
            for clients in (200, 50):
                for server in SERVERS:
                    raw[server.key][str(clients)].append(load_step(args, server, clients, round_index))
        results = {key: figures(runs["starts"], runs["200"], runs["50"]) for key, runs in raw.items()}
        text = report(stream, results, environment, started, args.repeat)
        write_results(f"footprint-{started:%Y-%m-%d-%H%M%S}", text,
                      {"started": started.isoformat(timespec="seconds"), "stream": stream, "environment": environment,
                       "results": results, "raw": raw})

    run_main("footprint", body)


if __name__ == "__main__":
    main()
