#!/usr/bin/python3
"""Benchmark: the server's cost of N readers over multicast against N unicast UDP readers.

Serving the same looped H.264 file (1280x720, 30 fps, 4 Mbit/s) from a fresh server per step:
MediaActors to N multicast readers (one group, each packet sent once) and to N unicast UDP
readers, and gst-rtsp-server to N unicast UDP readers. bench/LoadClient holds the readers (over
multicast each joins the group the SETUP reply names) and measures what they receive; the server
process's CPU (utime + stime) and RSS are sampled over the measured window. gst-rtsp-server has
multicast too (an address pool), but it binds the group's ports without SO_REUSEADDR, so no reader
on the same machine can bind them: it is compared over unicast only. Run it through
bench/multicast.sh, which installs the packages, builds what this needs and adds the lo route."""
import argparse
import datetime
import os
import sys
from dataclasses import dataclass

from benchlib import (HOST_DLL, LOAD_CLIENT_DLL, OUT, STREAM, STREAM_SECONDS, free_port, gst_command, hold_clients_then_stop,
                      loadavg, machine, markdown_table, number, prepare_stream, ratio, require_built, run_main, serve_command,
                      start_server)
from benchlib import write_results as write_report

LOAD_CLIENT = f"dotnet {LOAD_CLIENT_DLL}"
# One uncounted reader first, so that what runs for the first time is not in the others' start;
# the window starts a while after the last reader joined.
WARM_UP_S = 1
SETTLE_S = 1
LOAD_CLIENT_GRACE_S = 60


@dataclass(frozen=True)
class Step:
    server: str     # "ours" or "gst"
    transport: str  # the load client's: "multicast" or "udp"


STEPS = [Step("ours", "multicast"), Step("ours", "udp"), Step("gst", "udp")]
SERVER_NAMES = {"ours": "MediaActors", "gst": "gst-rtsp-server"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, nargs="+", default=[20, 100], help="readers held at once, one round each (default 20 100)")
    parser.add_argument("--duration", type=int, default=10, help="seconds each step measures (default 10)")
    args = parser.parse_args()
    if args.duration < 1 or min(args.readers) < 1:
        parser.error("--readers and --duration must be at least 1")
    return args


def start(server, prefix):
    if server == "ours":
        return start_server(serve_command(f"file:{STREAM}", free_port()), prefix)
    return start_server(gst_command(free_port(), "--file", str(STREAM)), prefix)


def measure(args, readers, step):
    """Starts the step's server fresh, loads it with the readers, stops it; returns the raw numbers."""
    prefix = OUT / f"multicast-{step.server}-{step.transport}-{readers}"
    print(f"{SERVER_NAMES[step.server]}: {readers} {step.transport} readers", file=sys.stderr, flush=True)
    process, url, log_path = start(step.server, prefix)
    load, usage, _ = hold_clients_then_stop(process, log_path, prefix, LOAD_CLIENT, url, readers, step.transport, args.duration,
                                            WARM_UP_S, SETTLE_S, LOAD_CLIENT_GRACE_S)
    served = load["clients_served"]
    return {"server": step.server, "transport": step.transport, "readers": readers, "load": load, **usage,
            "cpu_percent_per_reader": round(usage["cpu_percent"] / served, 3) if served else None,
            "loadavg_1m": loadavg()}


def table(runs):
    by_key = {(run["server"], run["transport"], run["readers"]): run for run in runs}
    rows = [["server", "readers", "served", "loss %", "Mbit/s per reader", "CPU % (one core)", "CPU % per reader",
             "CPU ÷ MediaActors UDP's", "RSS MiB", "first keyframe p50 ms", "load avg 1 min"]]
    for run in runs:
        load = run["load"]
        unicast = by_key.get(("ours", "udp", run["readers"]))
        rows.append([SERVER_NAMES[run["server"]], f"{run['readers']} {run['transport']}", str(load["clients_served"]),
                     number(load["loss_percent"]), number(load["mbps_per_client"]), number(run["cpu_percent"]),
                     number(run["cpu_percent_per_reader"]), ratio(run["cpu_percent"], unicast and unicast["cpu_percent"]),
                     number(run["rss_peak_mib"]), number((load["ttfk_ms"] or {}).get("p50")), number(run["loadavg_1m"])])
    return markdown_table(rows)


def report(args, stream, runs, started):
    return "\n".join([
        f"# Multicast fan-out {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {machine()}.",
        "",
        f"Each step a fresh server; one uncounted reader plays {WARM_UP_S} s first, and the {args.duration} s window starts",
        f"{SETTLE_S} s after the last reader joined. CPU and RSS: the server process's over the window. All readers are on",
        "this machine (the multicast group is routed through lo), so what they receive costs the same in every step.",
        "",
        table(runs),
        "",
    ])


def main():
    args = parse_args()
    started = datetime.datetime.now()

    def body():
        require_built(HOST_DLL, "dotnet build src/Host -c Release")
        require_built(LOAD_CLIENT_DLL, "dotnet build bench/LoadClient -c Release")
        stream = prepare_stream(STREAM, STREAM_SECONDS)
        runs = [measure(args, readers, step) for readers in args.readers for step in STEPS]
        raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(),
               "duration_s": args.duration, "warm_up_s": WARM_UP_S, "settle_s": SETTLE_S, "runs": runs,
               "seconds": round((datetime.datetime.now() - started).total_seconds())}
        write_report(f"multicast-{started:%Y-%m-%d-%H%M%S}", report(args, stream, runs, started), raw)
        print(f"Took {raw['seconds']} s", file=sys.stderr)

    run_main("multicast", body)


if __name__ == "__main__":
    main()
