#!/usr/bin/python3
"""Benchmark: what RTSP over TLS costs a server per TCP client, against plain RTSP over TCP, for
MediaActors and gst-rtsp-server in the same run.

Each server (`mediaactors serve --rtsps-port`, bench/gst_rtsp_server.py with a certificate)
serves the benchmark's looped H.264 file (1280x720, 30 fps, 4 Mbit/s) to 200 clients with RTP
interleaved in their RTSP connection, once in the clear (rtsp://) and once over TLS (rtsps://),
each step a fresh server. bench/LoadClient holds the clients (over TLS without validating the
throwaway self-signed certificate); the server process's CPU (utime + stime) and RSS are sampled
over its measured window, which starts a while after the last client plays, once the JIT has
compiled the path for good. Prints a table and writes it, with the raw numbers, to
bench/out/tls-*.md/json. Run it through bench/tls.sh, which installs the packages and builds what
this needs."""
import argparse
import datetime
import os
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from benchlib import (HOST_DLL, LOAD_CLIENT_DLL, OUT, STREAM, STREAM_SECONDS, cpu_per_gbps, free_port, gst_command,
                      hold_clients_then_stop, loadavg, machine, markdown_table, median_round, number, prepare_stream, ratio,
                      require_built, run_main, serve_command, start_server)
from benchlib import write_results as write_report

LOAD_CLIENT = f"dotnet {LOAD_CLIENT_DLL}"
# One uncounted client plays first, so that what runs for the first time (the server's TLS
# handshake and encryption included) is not in the others' start.
WARM_UP_S = 2
# Beyond warm-up, settling and --duration: connecting (and handshaking) and tearing down.
LOAD_CLIENT_GRACE_S = 90

# The bench's own certificate for gst-rtsp-server: an ECDSA P-256 key, as the self-signed
# certificate MediaActors makes at start, so that both servers sign their handshakes alike.
CERTIFICATE = OUT / "tls-certificate.pem"
KEY = OUT / "tls-key.pem"


@dataclass(frozen=True)
class Step:
    server: str    # "ours" or "gst"
    security: str  # "plain" (rtsp://) or "tls" (rtsps://)

    @property
    def label(self):
        return f"{self.server}-{self.security}"


# Both connections of one server back to back, then the other's: within a round each server's
# TLS/plain ratio is measured minutes apart at most.
STEPS = [Step("ours", "plain"), Step("ours", "tls"), Step("gst", "plain"), Step("gst", "tls")]
SERVER_NAMES = {"ours": "MediaActors", "gst": "gst-rtsp-server"}
SECURITY_NAMES = {"plain": "TCP", "tls": "TLS"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200, help="TCP-interleaved clients held at once (default 200)")
    parser.add_argument("--duration", type=int, default=20, help="seconds each step measures (default 20)")
    parser.add_argument("--settle", type=int, default=10,
                        help="seconds from the last client playing to the window: the JIT recompiles the hot path "
                             "(tiered compilation) in the first seconds of load (default 10)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of the four steps; the table shows each step's median round by CPU "
                             "(default 3, about 8 minutes in all)")
    args = parser.parse_args()
    if min(args.clients, args.duration, args.repeat) < 1 or args.settle < 0:
        parser.error("--clients, --duration and --repeat must be at least 1, --settle at least 0")
    return args


def make_certificate():
    """A throwaway self-signed certificate and key for gst-rtsp-server, made fresh for each run."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(KEY), "-out", str(CERTIFICATE), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True, timeout=30)


def with_scheme_and_port(url, scheme, port):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=scheme, netloc=f"{parts.hostname}:{port}"))


def start(step, prefix):
    """A fresh server of the stream; returns it, the URL for step's connection, and its log."""
    if step.server == "gst":
        tls = ["--tls-certificate", str(CERTIFICATE), "--tls-key", str(KEY)] if step.security == "tls" else []
        return start_server(gst_command(free_port(), "--file", str(STREAM), *tls), prefix)
    if step.security == "plain":
        return start_server(serve_command(f"file:{STREAM}", free_port()), prefix)
    # serve prints its plain URL; the TLS listener serves the same paths on its own port.
    tls_port = free_port()
    process, url, log_path = start_server(serve_command(f"file:{STREAM}", free_port()) + ["--rtsps-port", str(tls_port)], prefix)
    return process, with_scheme_and_port(url, "rtsps", tls_port), log_path


def measure(args, step, round_index):
    """Starts step's server fresh, holds the clients, stops it; returns the raw numbers."""
    prefix = OUT / f"tls-{step.label}-{round_index + 1}"
    print(f"{SERVER_NAMES[step.server]}: {args.clients} {SECURITY_NAMES[step.security]} clients, round {round_index + 1}",
          file=sys.stderr, flush=True)
    load_before = loadavg()
    process, url, log_path = start(step, prefix)
    load, usage, exit_code = hold_clients_then_stop(process, log_path, prefix, LOAD_CLIENT, url, args.clients, "tcp",
                                                    args.duration, WARM_UP_S, args.settle, LOAD_CLIENT_GRACE_S)
    served = load["clients_served"]
    return {"server": step.server, "security": step.security, "round": round_index + 1, "url": url, "load": load, **usage,
            "cpu_percent_per_client": round(usage["cpu_percent"] / served, 4) if served else None,
            "cpu_percent_per_gbps": cpu_per_gbps(usage["cpu_percent"], load),
            "loadavg_1m_before": load_before, "loadavg_1m_after": loadavg(), "server_exited_during_load": exit_code}


# --- the report ---------------------------------------------------------------------------

COLUMNS = ["server", "connection", "served", "loss %", "Mbit/s per client", "CPU % (one core)", "CPU % per client",
           "TLS / plain (CPU per client)", "CPU % per Gbit/s", "RSS MiB", "first keyframe p50 ms", "TLS negotiated",
           "load avg 1 min", "CPU % each round"]


def row(run, rounds, plain):
    load = run["load"]
    served = f"{load['clients_served']}/{load['clients_requested']}"
    if run["server_exited_during_load"] is not None:
        served += f" (exited {run['server_exited_during_load']})"
    tls_ratio = ratio(run["cpu_percent_per_client"], plain["cpu_percent_per_client"]) if run["security"] == "tls" else ""
    return [SERVER_NAMES[run["server"]], SECURITY_NAMES[run["security"]], served, number(load["loss_percent"]),
            number(load["mbps_per_client"]), number(run["cpu_percent"]), number(run["cpu_percent_per_client"]), tls_ratio,
            number(run["cpu_percent_per_gbps"]), number(run["rss_peak_mib"]), number((load["ttfk_ms"] or {}).get("p50")),
            load.get("tls") or "", number(run["loadavg_1m_before"]), ", ".join(number(each["cpu_percent"]) for each in rounds)]


def table(runs):
    by_step = {}
    for run in runs:
        by_step.setdefault((run["server"], run["security"]), []).append(run)
    medians = {key: median_round(rounds, lambda run: run["cpu_percent_per_client"]) for key, rounds in by_step.items()}
    rows = [row(medians[key], by_step[key], medians[(key[0], "plain")]) for key in by_step]
    return markdown_table([COLUMNS] + rows)


def report(args, stream, runs, started):
    return "\n".join([
        f"# RTSP over TLS {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {machine()}.",
        "",
        f"{args.clients} clients per step, RTP interleaved in their RTSP connection: TCP is rtsp://, TLS is rtsps://",
        "(TLS 1.2+, the media inside the TLS connection). Each step a fresh server; one uncounted client plays",
        f"{WARM_UP_S} s first, the clients connect at 200 a second, and the {args.duration} s window starts {args.settle} s after the",
        "last one plays. CPU and RSS: the server process's over the window. CPU % per client divides by the",
        "clients served; TLS / plain is that of the server's TLS step over its TCP step.",
        f"Rounds: {args.repeat}; each row is the step's median round by CPU per client, the last column every round's CPU.",
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
        print(f"Stream: {stream['file']}, {stream['mbps']} Mbit/s", file=sys.stderr, flush=True)
        make_certificate()
        runs = [measure(args, step, round_index) for round_index in range(args.repeat) for step in STEPS]
        raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(),
               "clients": args.clients, "duration_s": args.duration, "settle_s": args.settle, "warm_up_s": WARM_UP_S,
               "runs": runs, "seconds": round((datetime.datetime.now() - started).total_seconds())}
        write_report(f"tls-{started:%Y-%m-%d-%H%M%S}", report(args, stream, runs, started), raw)
        print(f"Took {raw['seconds']} s", file=sys.stderr)

    run_main("tls", body)


if __name__ == "__main__":
    main()
