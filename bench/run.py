#!/usr/bin/python3
"""Benchmark: MediaActors against gst-rtsp-server, serving the same H.264 file to N clients.

For each step (clients, transport) and each server: starts the server fresh, runs the load
client against it, samples the server's CPU and memory while the load client measures, stops
the server. Prints one table and writes it, with the raw numbers, to bench/out/results-*.md/json.
Run it through bench/run.sh, which installs the packages and builds what this needs."""
import argparse
import datetime
import os
import re
import sys
from dataclasses import dataclass
from typing import Callable

from benchlib import (HOST_DLL, LOAD_CLIENT_DLL, OUT, STREAM, STREAM_SECONDS, cpu_per_gbps, free_port, gst_command,
                      load_client_argv, log_text, machine, median_round, number, prepare_stream, ratio, require_built,
                      run_load_client, run_main, serve_command, start_server, stop_process)
from benchlib import markdown_table as table
from benchlib import write_results as write_report

DEFAULT_LOAD_CLIENT = f"dotnet {LOAD_CLIENT_DLL}"

# Beyond --duration: connecting and tearing down hundreds of clients.
LOAD_CLIENT_GRACE_S = 90


@dataclass(frozen=True)
class Step:
    clients: int
    transport: str

    @property
    def label(self):
        return f"{self.clients}-{self.transport}"


DEFAULT_STEPS = [Step(50, "udp"), Step(200, "udp"), Step(400, "tcp")]
MAX_STEP = Step(1000, "tcp")


@dataclass(frozen=True)
class Server:
    key: str
    name: str
    command: Callable[[int], list[str]]  # port -> argv of a server that prints its URL when ready


SERVERS = [Server("ours", "MediaActors", lambda port: serve_command(f"file:{STREAM}", port)),
           Server("gst", "gst-rtsp-server", lambda port: gst_command(port, "--file", str(STREAM)))]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max", action="store_true", help=f"also run {MAX_STEP.clients} {MAX_STEP.transport.upper()} clients")
    parser.add_argument("--duration", type=int, default=30,
                        help="seconds each load client measures (default 30: at least two of the server's 10 s summaries)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of each step, ours then gst in turn; the table shows each server's median "
                             "round (of an even number, the better middle one) and every round's ratio (default 1)")
    parser.add_argument("--load-client", default=DEFAULT_LOAD_CLIENT,
                        help="command that runs the load client (default: the built bench/LoadClient)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


# --- the server's log ---------------------------------------------------------------------

# MediaActors logs, every 10 s, one line with how long frames took from SendVideoData to their
# last packet leaving for each client, and its garbage collector's pauses (src/Host/PerformanceLog.cs,
# in the text log format); gst-rtsp-server has no such figures.
PERFORMANCE = re.compile(r"Performance over \d+ s: send latency p50 ([\d.]+) ms, p99 ([\d.]+) ms, p99\.9 ([\d.]+) ms, "
                         r"max ([\d.]+) ms \((\d+) samples\); GC pauses (\d+), longest ([\d.]+) ms")


def logged_figures(log_path, offsets):
    """From the summaries logged between two offsets of the log: the worst send-latency p99 and
    max, and the number of GC pauses and the longest. The first 10 s summary with sends logged in
    the window also covers time before the window, when clients were still connecting, so it is
    left out with any before it."""
    text = log_text(log_path, offsets)
    summaries = [match.groups() for match in PERFORMANCE.finditer(text)]
    first_sends = next((index for index, line in enumerate(summaries) if int(line[4]) > 0), len(summaries))
    summaries = summaries[first_sends + 1:]
    sends = [line for line in summaries if int(line[4]) > 0]
    pauses = [line for line in summaries if int(line[5]) > 0]
    return {"send_latency_p99_ms": max((float(line[1]) for line in sends), default=None),
            "send_latency_max_ms": max((float(line[3]) for line in sends), default=None),
            "gc_pauses": sum(int(line[5]) for line in pauses),
            "gc_pause_max_ms": max((float(line[6]) for line in pauses), default=0.0 if sends else None)}


# --- one measurement ----------------------------------------------------------------------

def measure(args, server, step, round_index):
    """Starts server fresh, loads it with step's clients, stops it; returns the raw numbers."""
    prefix = OUT / f"{step.label}-{server.key}" if args.repeat == 1 else OUT / f"{step.label}-{server.key}-{round_index + 1}"
    print(f"{server.name}: {step.clients} {step.transport.upper()} clients", file=sys.stderr, flush=True)
    process, url, log_path = start_server(server.command(free_port()), prefix)
    try:
        command = load_client_argv(args.load_client, url, step.clients, step.transport, args.duration)
        load, sampler = run_load_client(command, process.pid, log_path, prefix, args.duration + LOAD_CLIENT_GRACE_S)
        usage = {**sampler.result, **logged_figures(log_path, sampler.log_offsets)}
        # A server that fell over under load is a result, not a failure of the benchmark.
        exit_code = process.poll()
    finally:
        stop_process(process)
    return {"server": server.key, "clients": step.clients, "transport": step.transport, "round": round_index + 1, "url": url,
            "load": load, **usage, "cpu_percent_per_gbps": cpu_per_gbps(usage["cpu_percent"], load),
            "server_exited_during_load": exit_code}


# --- the report ---------------------------------------------------------------------------

COLUMNS = ["clients", "transport", "served", "loss %", "Mbit/s per client", "CPU % (one core)",
           "CPU % per Gbit/s", "RSS MiB", "ttfp p50 ms", "ttfk p50 ms",
           "CPU per Gbit/s ours/gst", "RSS ours/gst", "send latency p99 / max ms (ours)",
           "GC pauses / longest ms (ours)"]
ROUNDS_COLUMN = "CPU per Gbit/s ours/gst, each round"


def cell(run):
    """One server's figures for a table row."""
    load = run["load"]
    served = str(load["clients_served"])
    if run["server_exited_during_load"] is not None:
        served += f" (exited {run['server_exited_during_load']})"
    return [served, number(load["loss_percent"]), number(load["mbps_per_client"]), number(run["cpu_percent"]),
            number(run["cpu_percent_per_gbps"]), number(run["rss_peak_mib"]),
            number(load["ttfp_ms"]["p50"]), number(load["ttfk_ms"]["p50"])]


def table_row(ours_rounds, gst_rounds):
    # By CPU per Gbit/s; a round in which nothing was delivered (no figure) counts as the worst.
    ours, gst = (median_round(rounds, lambda run: run["cpu_percent_per_gbps"]) for rounds in (ours_rounds, gst_rounds))
    pairs = [f"{a} / {b}" for a, b in zip(cell(ours), cell(gst))]
    row = [str(ours["clients"]), ours["transport"].upper(), *pairs,
           ratio(ours["cpu_percent_per_gbps"], gst["cpu_percent_per_gbps"]),
           ratio(ours["rss_peak_mib"], gst["rss_peak_mib"]),
           f"{number(ours['send_latency_p99_ms'])} / {number(ours['send_latency_max_ms'])}",
           f"{ours['gc_pauses']} / {number(ours['gc_pause_max_ms'])}"]
    if len(ours_rounds) > 1:
        row.append(", ".join(ratio(a["cpu_percent_per_gbps"], b["cpu_percent_per_gbps"]) for a, b in zip(ours_rounds, gst_rounds)))
    return row


def markdown_table(runs):
    by_step = {}
    for run in runs:
        by_step.setdefault((run["clients"], run["transport"]), {}).setdefault(run["server"], []).append(run)
    columns = COLUMNS + ([ROUNDS_COLUMN] if any(len(rounds["ours"]) > 1 for rounds in by_step.values()) else [])
    return table([columns] + [table_row(rounds["ours"], rounds["gst"]) for rounds in by_step.values()])


def report(stream, runs, started):
    return "\n".join([
        f"# Benchmark {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {machine()}.",
        "",
        "Each cell: MediaActors / gst-rtsp-server. CPU and RSS are the server process's over the",
        "load client's measured window; CPU % per Gbit/s divides by what the clients received.",
        "With several rounds (--repeat), each server's cells are its median round by CPU per Gbit/s,",
        "and the last column is the ratio of every round, ours and gst measured one after the other.",
        "Send latency: SendVideoData to a frame's last packet leaving for a client, the worst of the",
        "10 s summaries MediaActors logged wholly inside the window; GC pauses: how many, and the",
        "longest, in those summaries.",
        "",
        markdown_table(runs),
        "",
    ])


def write_results(stream, runs, started):
    raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(), "runs": runs}
    write_report(f"results-{started:%Y-%m-%d-%H%M%S}", report(stream, runs, started), raw)


def check_built(args):
    require_built(HOST_DLL, "dotnet build src/Host -c Release")
    if args.load_client == DEFAULT_LOAD_CLIENT:
        require_built(LOAD_CLIENT_DLL, "build bench/LoadClient first (dotnet build bench/LoadClient -c Release)")


def main():
    args = parse_args()
    started = datetime.datetime.now()

    def body():
        check_built(args)
        stream = prepare_stream(STREAM, STREAM_SECONDS)
        print(f"Stream: {stream['file']}, {stream['mbps']} Mbit/s", file=sys.stderr)
        steps = DEFAULT_STEPS + ([MAX_STEP] if args.max else [])
        # Ours and gst alternate within a step, so that a change in the machine's load between
        # rounds weighs on both.
        runs = [measure(args, server, step, round_index)
                for step in steps for round_index in range(args.repeat) for server in SERVERS]
        write_results(stream, runs, started)

    run_main("bench", body)


if __name__ == "__main__":
    main()
