#!/usr/bin/python3
"""Benchmark: what a browser viewer costs, against an RTSP viewer, and how soon a browser shows
the picture.

Serving the same looped H.264 file (1280x720, 30 fps, 4 Mbit/s) to 50 viewers at a time, each
from a fresh server: MediaActors to RTSP viewers over TCP, over UDP, and to WebSocket viewers
(fMP4, what the player page plays), and gst-rtsp-server to RTSP viewers over TCP and UDP (it has
no WebSocket). bench/LoadClient holds the viewers and measures what they receive; the server
process's CPU (utime + stime) and RSS are sampled over its measured window. Then a fresh
MediaActors serves the player page to headless chromium (bench/BrowserTiming): navigation to first
picture over several page loads, and how far behind live a watched page plays. Prints the tables
and writes them, with the raw numbers, to bench/out/web-viewers-*.md/json. Run it through
bench/web-viewers.sh, which installs the packages and builds what this needs."""
import argparse
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass

from benchlib import (HOST_DLL, LOAD_CLIENT_DLL, OUT, REPO, STREAM, STREAM_SECONDS, BenchError, UsageSampler, cpu_per_gbps,
                      free_port, gst_command, hold_clients_then_stop, loadavg, machine, markdown_table, median_round, number,
                      prepare_stream, ratio, require_built, run_main, serve_command, start_process, start_server, stop_process)
from benchlib import write_results as write_report

BROWSER_TIMING_DLL = REPO / "bench/BrowserTiming/bin/Release/net10.0/browsertiming.dll"
LOAD_CLIENT = f"dotnet {LOAD_CLIENT_DLL}"
SESSION = "test"
# One uncounted viewer first, so that what runs for the first time is not in the others' start;
# the window starts a while after the last viewer joined, once the GOP each got at once is in.
WARM_UP_S = 1
SETTLE_S = 1
# Each server alone, streaming to nobody, before the first round: its fixed cost, which 50
# viewers share (a server starts reading its file whether anyone watches or not).
IDLE_SETTLE_S = 2
IDLE_WINDOW_S = 8
# Beyond warm-up, settling and --duration: connecting and tearing down the viewers.
LOAD_CLIENT_GRACE_S = 60
# Beyond the loads and the watch: starting chromium, a page that never shows a picture (15 s).
BROWSER_GRACE_S = 90


@dataclass(frozen=True)
class Step:
    server: str     # "ours" or "gst"
    transport: str  # the load client's: "tcp", "udp" or "websocket"

    @property
    def label(self):
        return f"{self.server}-{self.transport}"


# RTSP of both servers side by side, then our WebSocket viewers.
STEPS = [Step("ours", "tcp"), Step("gst", "tcp"), Step("ours", "udp"), Step("gst", "udp"), Step("ours", "websocket")]
SERVER_NAMES = {"ours": "MediaActors", "gst": "gst-rtsp-server"}
TRANSPORT_NAMES = {"tcp": "RTSP TCP", "udp": "RTSP UDP", "websocket": "WebSocket"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=int, default=50, help="viewers held at once in each load step (default 50)")
    parser.add_argument("--duration", type=int, default=20, help="seconds each load step measures (default 20)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="rounds of the load steps, each round all five in turn; the table shows each step's "
                             "median round by CPU (default 2, about 5 minutes in all)")
    parser.add_argument("--loads", type=int, default=10, help="player page loads timed in chromium (default 10; 0: no browser)")
    parser.add_argument("--watch", type=int, default=12,
                        help="seconds one more page is watched after its first picture, for the latency (default 12)")
    args = parser.parse_args()
    if args.repeat < 1 or args.viewers < 1 or args.duration < 1:
        parser.error("--repeat, --viewers and --duration must be at least 1")
    return args


def mediaactors(prefix):
    """A fresh MediaActors serving the stream over RTSP and HTTP; returns it, its RTSP URL, its log
    and its HTTP port."""
    http_port = free_port()
    process, url, log_path = start_server(serve_command(f"file:{STREAM}", free_port(), http_port), prefix)
    return process, url, log_path, http_port


def start(server, prefix):
    """A fresh server of the stream: (process, RTSP URL, log, HTTP port or None)."""
    if server == "ours":
        return mediaactors(prefix)
    return *start_server(gst_command(free_port(), "--file", str(STREAM)), prefix), None


# --- the load steps -----------------------------------------------------------------------

# Each WebSocket viewer that leaves is logged with what it was sent and what it skipped
# (src/Actors/Web/WebSocketViewerActor.cs): the server's own count of drops, beside the load
# client's count of gaps.
VIEWER_LEFT = re.compile(r"Web viewer \S+ of \S+ left: (\d+) fragments sent, (\d+) dropped")


def measure_idle(server):
    """The server streaming to nobody: its CPU and RSS over IDLE_WINDOW_S."""
    print(f"{SERVER_NAMES[server]}: no viewers", file=sys.stderr, flush=True)
    process, _, log_path, _ = start(server, OUT / f"web-viewers-{server}-idle")
    try:
        time.sleep(IDLE_SETTLE_S)
        sampler = UsageSampler(process.pid)
        sampler.start()
        time.sleep(IDLE_WINDOW_S)
        sampler.stop()
    finally:
        stop_process(process)
    return {"server": server, **sampler.result, "loadavg_1m": loadavg()}


def measure(args, idle, step, round_index):
    """Starts the step's server fresh, loads it with the viewers, stops it; returns the raw numbers."""
    prefix = OUT / f"web-viewers-{step.label}-{round_index + 1}"
    print(f"{SERVER_NAMES[step.server]}: {args.viewers} {TRANSPORT_NAMES[step.transport]} viewers, round {round_index + 1}",
          file=sys.stderr, flush=True)
    load_before = loadavg()
    process, url, log_path, http_port = start(step.server, prefix)
    if step.transport == "websocket":
        url = f"ws://127.0.0.1:{http_port}/{SESSION}/ws"
    load, usage, exit_code = hold_clients_then_stop(process, log_path, prefix, LOAD_CLIENT, url, args.viewers, step.transport,
                                                    args.duration, WARM_UP_S, SETTLE_S, LOAD_CLIENT_GRACE_S)
    left = [tuple(map(int, match.groups())) for match in VIEWER_LEFT.finditer(log_path.read_text(errors="replace"))]
    served = load["clients_served"]
    return {"server": step.server, "transport": step.transport, "round": round_index + 1, "url": url, "load": load, **usage,
            "cpu_percent_per_viewer": round(usage["cpu_percent"] / served, 3) if served else None,
            "cpu_percent_per_viewer_above_idle": round((usage["cpu_percent"] - idle[step.server]["cpu_percent"]) / served, 3) if served else None,
            "cpu_percent_per_gbps": cpu_per_gbps(usage["cpu_percent"], load),
            "fps_per_viewer": round(load["packets"] / served / usage["window_s"], 1) if served and step.transport == "websocket" else None,
            "server_logged_viewers": len(left) if left else None,
            "server_logged_dropped": sum(dropped for _, dropped in left) if left else None,
            "loadavg_1m_before": load_before, "loadavg_1m_after": loadavg(), "server_exited_during_load": exit_code}


# --- the browser --------------------------------------------------------------------------

def time_browser(args):
    """A fresh MediaActors, and chromium loading its player page; returns BrowserTiming's JSON."""
    prefix = OUT / "web-viewers-browser"
    print(f"MediaActors: {args.loads} player page loads in chromium, then one watched for {args.watch} s",
          file=sys.stderr, flush=True)
    process, _, log_path, http_port = mediaactors(OUT / "web-viewers-browser-server")
    stdout_path, timing_log = prefix.with_suffix(".json"), prefix.with_suffix(".log")
    command = ["dotnet", str(BROWSER_TIMING_DLL), "--url", f"http://127.0.0.1:{http_port}/{SESSION}/",
               "--loads", str(args.loads), "--watch", str(args.watch)]
    load_before = loadavg()
    try:
        with open(stdout_path, "wb") as stdout, open(timing_log, "wb") as log:
            timing = start_process(command, stdout, log)
            try:
                timing.wait(timeout=args.loads * 5 + args.watch + BROWSER_GRACE_S)
            except subprocess.TimeoutExpired:
                raise BenchError(f"browser timing still running after {args.loads * 5 + args.watch + BROWSER_GRACE_S} s; see {timing_log}")
            finally:
                stop_process(timing)
    finally:
        stop_process(process)
    if timing.returncode != 0:
        raise BenchError(f"browser timing exited with {timing.returncode}; see {timing_log} and {log_path}")
    lines = stdout_path.read_text().strip().splitlines()
    if not lines:
        raise BenchError(f"browser timing printed no JSON line; see {timing_log}")
    return {**json.loads(lines[-1]), "loadavg_1m_before": load_before, "loadavg_1m_after": loadavg(),
            "command": shlex.join(command)}


# --- the report ---------------------------------------------------------------------------

LOAD_COLUMNS = ["server", "viewers", "served", "loss %", "Mbit/s per viewer", "CPU % (one core)",
                "CPU % per viewer: all / above idle", "CPU % per Gbit/s", "CPU per viewer ÷ MediaActors RTSP TCP's",
                "RSS MiB", "first packet / keyframe p50 ms", "load avg 1 min"]
ROUNDS_COLUMN = "CPU % each round"


def load_row(run, rounds, reference):
    load = run["load"]
    served = str(load["clients_served"])
    if run["server_exited_during_load"] is not None:
        served += f" (exited {run['server_exited_during_load']})"
    first = [number((load[key] or {}).get("p50")) for key in ("ttfp_ms", "ttfk_ms")]
    row = [SERVER_NAMES[run["server"]], f"{load['clients_requested']} {TRANSPORT_NAMES[run['transport']]}", served,
           number(load["loss_percent"]), number(load["mbps_per_client"]), number(run["cpu_percent"]),
           f"{number(run['cpu_percent_per_viewer'])} / {number(run['cpu_percent_per_viewer_above_idle'])}",
           number(run["cpu_percent_per_gbps"]), ratio(run["cpu_percent_per_viewer"], reference["cpu_percent_per_viewer"]),
           number(run["rss_peak_mib"]), " / ".join(first), number(run["loadavg_1m_before"])]
    if len(rounds) > 1:
        row.append(", ".join(number(each["cpu_percent"]) for each in rounds))
    return row


def idle_row(idle, columns):
    row = [SERVER_NAMES[idle["server"]], "none", "", "", "", number(idle["cpu_percent"]), "", "", "",
           number(idle["rss_peak_mib"]), "", number(idle["loadavg_1m"])]
    return row + [""] * (len(columns) - len(row))


def load_table(idle, runs):
    by_step = {}
    for run in runs:
        by_step.setdefault((run["server"], run["transport"]), []).append(run)
    medians = {key: median_round(rounds, lambda run: run["cpu_percent"] if run["load"]["clients_served"] else None)
               for key, rounds in by_step.items()}
    reference = medians[("ours", "tcp")]
    columns = LOAD_COLUMNS + ([ROUNDS_COLUMN] if any(len(rounds) > 1 for rounds in by_step.values()) else [])
    rows = [columns] + [idle_row(each, columns) for each in idle.values()]
    rows += [load_row(medians[key], by_step[key], reference) for key in by_step]
    return markdown_table(rows)


def browser_table(timing):
    def summary(name):
        value = timing.get(name)
        return "n/a" if not value else f"{number(value['min'])} / {number(value['median'])} / {number(value['p90'])} / {number(value['max'])}"
    watch = timing.get("watch") or {}
    latency = watch.get("latency_ms")
    rows = [["page loads", "page ready ms", "socket open ms", "first fragment ms", "first picture ms",
             f"behind live after {number(watch.get('latency_from_s'))} s: median / max ms", "frames decoded / dropped while watched"],
            [str(len(timing["loads"])), summary("page_ready_ms"), summary("socket_open_ms"), summary("first_fragment_ms"),
             summary("first_frame_ms"), "n/a" if not latency else f"{number(latency['median'])} / {number(latency['max'])}",
             f"{watch.get('frames_decoded', 'n/a')} / {watch.get('frames_dropped', 'n/a')} in {number(watch.get('seconds'))} s"]]
    return markdown_table(rows)


def report(args, stream, idle, runs, timing, started):
    lines = [
        f"# Browser viewers {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {machine()}.",
        "",
        f"{args.viewers} viewers per step, each step a fresh server; one uncounted viewer plays {WARM_UP_S} s first, and the",
        f"{args.duration} s window starts {SETTLE_S} s after the last viewer joined. CPU and RSS: the server process's over the",
        f"window; no viewers: each server alone for {IDLE_WINDOW_S} s, its fixed cost, which \"above idle\" takes off before",
        "dividing by the viewers. First packet / keyframe: from PLAY (WebSocket: from its TCP connect) to the first RTP",
        "packet or message, and to the first keyframe's packet or fragment. Loss over a WebSocket: gaps in the fragments'",
        "mfhd numbers.",
    ]
    if args.repeat > 1:
        lines.append(f"{args.repeat} rounds; each row is the step's median round by CPU, the last column every round's CPU.")
    lines += ["", load_table(idle, runs), ""]
    if timing:
        lines += [
            f"Player page in headless chromium {timing['chromium']}, each load a fresh context (after "
            f"{len(timing['warm_up_loads'])} uncounted); min / median / p90 / max, ms from the start of navigation. "
            "Behind live: the newest data received minus the picture shown (the player's latency()).",
            "",
            browser_table(timing),
            "",
        ]
    return "\n".join(lines)


def main():
    args = parse_args()
    started = datetime.datetime.now()

    def body():
        require_built(HOST_DLL, "dotnet build src/Host -c Release")
        require_built(LOAD_CLIENT_DLL, "dotnet build bench/LoadClient -c Release")
        if args.loads:
            require_built(BROWSER_TIMING_DLL, "dotnet build bench/BrowserTiming -c Release")
        stream = prepare_stream(STREAM, STREAM_SECONDS)
        print(f"Stream: {stream['file']}, {stream['mbps']} Mbit/s", file=sys.stderr, flush=True)
        idle = {server: measure_idle(server) for server in SERVER_NAMES}
        runs = [measure(args, idle, step, round_index) for round_index in range(args.repeat) for step in STEPS]
        timing = time_browser(args) if args.loads else None
        raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(),
               "viewers": args.viewers, "duration_s": args.duration, "warm_up_s": WARM_UP_S, "settle_s": SETTLE_S,
               "idle": idle, "runs": runs, "browser": timing,
               "seconds": round((datetime.datetime.now() - started).total_seconds())}
        write_report(f"web-viewers-{started:%Y-%m-%d-%H%M%S}", report(args, stream, idle, runs, timing, started), raw)
        print(f"Took {raw['seconds']} s", file=sys.stderr)

    run_main("web-viewers", body)


if __name__ == "__main__":
    main()
