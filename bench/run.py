#!/usr/bin/python3
"""Benchmark: MediaActors against gst-rtsp-server, serving the same H.264 file to N clients.

For each step (clients, transport) and each server: starts the server fresh, runs the load
client against it, samples the server's CPU and memory while the load client measures, stops
the server. Prints one table and writes it, with the raw numbers, to bench/out/results-*.md/json.
Run it through bench/run.sh, which installs the packages and builds what this needs."""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
STREAM = OUT / "stream.h264"
STREAM_SECONDS = 10
HOST_DLL = REPO / "src/Host/bin/Release/net10.0/mediaactors.dll"
LOAD_CLIENT_DLL = REPO / "bench/LoadClient/bin/Release/net10.0/loadclient.dll"
BENCH_CONFIG = REPO / "bench/mediaactors-bench.conf"
GST_SERVER = REPO / "bench/gst_rtsp_server.py"
DEFAULT_LOAD_CLIENT = f"dotnet {LOAD_CLIENT_DLL}"

# 1280x720 at 30 fps, main profile, 4 Mbit/s, a keyframe every second, no B-frames. testsrc2
# moves enough to fill 4 Mbit/s (measured 4.13) without added noise. No nal-hrd=cbr: its
# filler NAL units are never forwarded by MediaActors, so the two servers would not send
# the same bytes.
FFMPEG_ENCODE = [
    "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", str(STREAM_SECONDS),
    "-c:v", "libx264", "-profile:v", "main", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "4M",
    "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0", "-f", "h264",
]

SERVER_START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 5
RSS_SAMPLE_INTERVAL_S = 0.2
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


def mediaactors_command(port):
    return ["dotnet", str(HOST_DLL), "serve", "--source", f"file:{STREAM}", "--port", str(port),
            "--bind", "127.0.0.1", "--config", str(BENCH_CONFIG)]


def gst_command(port):
    # sys.executable: run.sh runs this with the Debian python, the one with python3-gi.
    return [sys.executable, str(GST_SERVER), "--file", str(STREAM), "--port", str(port), "--bind", "127.0.0.1"]


@dataclass(frozen=True)
class Server:
    key: str
    name: str
    command: Callable[[int], list[str]]  # port -> argv of a server that prints its URL when ready


SERVERS = [Server("ours", "MediaActors", mediaactors_command), Server("gst", "gst-rtsp-server", gst_command)]


class BenchError(Exception):
    pass


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


# --- the stream ---------------------------------------------------------------------------

def prepare_stream():
    """Encodes the benchmark's stream once; both servers loop this same file."""
    if not STREAM.exists():
        print(f"Encoding {STREAM.relative_to(REPO)} ({STREAM_SECONDS} s of testsrc2)", file=sys.stderr)
        partial = STREAM.with_suffix(".partial")
        subprocess.run(FFMPEG_ENCODE + [str(partial)], check=True)
        partial.rename(STREAM)
    return {"file": str(STREAM.relative_to(REPO)), "seconds": STREAM_SECONDS,
            "mbps": round(STREAM.stat().st_size * 8 / STREAM_SECONDS / 1e6, 2)}


# --- processes ----------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_process(command, stdout, stderr):
    """Starts command in a process group of its own, so that stop_process reaches its children."""
    return subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr, start_new_session=True)


def stop_process(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_url(process, stdout_path, log_path):
    """The servers print their URL on stdout once they can serve; read from a file rather than a
    pipe, so that nothing the server prints later can block it on a pipe nobody drains."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        for line in stdout_path.read_text().splitlines():
            if line.startswith("rtsp://"):
                return line.strip()
        if process.poll() is not None:
            raise BenchError(f"server exited with {process.returncode} before printing its URL; see {log_path}")
        time.sleep(0.1)
    raise BenchError(f"no URL from the server within {SERVER_START_TIMEOUT_S} s; see {log_path}")


# --- sampling the server ------------------------------------------------------------------

# A server that dies under load stays a zombie until measure() polls it: its /proc/PID/stat,
# with the CPU time it used, stays readable, and its status just has no VmRSS any more.

def cpu_ticks(pid):
    """utime + stime of the whole process (every thread), in clock ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name in parentheses may contain spaces; the fields after it do not.
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class ServerSampler:
    """CPU time and peak resident memory of a process between start() and stop(), and the part
    of its log written meanwhile."""

    def __init__(self, pid, log_path):
        self.pid = pid
        self.log_path = log_path
        self.peak_rss_kib = 0
        self.result = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample_rss, daemon=True)

    def start(self):
        self._start = (time.monotonic(), cpu_ticks(self.pid), self.log_path.stat().st_size)
        self._thread.start()

    def stop(self):
        end = (time.monotonic(), cpu_ticks(self.pid), self.log_path.stat().st_size)
        self._stopped.set()
        self._thread.join()
        seconds = end[0] - self._start[0]
        cpu_seconds = (end[1] - self._start[1]) / os.sysconf("SC_CLK_TCK")
        self.result = {"window_s": round(seconds, 2), "cpu_percent": round(100 * cpu_seconds / seconds, 1),
                       "rss_peak_mib": round(self.peak_rss_kib / 1024, 1),
                       **logged_figures(self.log_path, self._start[2], end[2])}

    def _sample_rss(self):
        while True:
            self.peak_rss_kib = max(self.peak_rss_kib, rss_kib(self.pid))
            if self._stopped.wait(RSS_SAMPLE_INTERVAL_S):
                return


# MediaActors logs, every 10 s, one line with how long frames took from SendVideoData to their
# last packet leaving for each client, and its garbage collector's pauses (src/Host/PerformanceLog.cs,
# in the text log format); gst-rtsp-server has no such figures.
PERFORMANCE = re.compile(r"Performance over \d+ s: send latency p50 ([\d.]+) ms, p99 ([\d.]+) ms, p99\.9 ([\d.]+) ms, "
                         r"max ([\d.]+) ms \((\d+) samples\); GC pauses (\d+), longest ([\d.]+) ms")


def logged_figures(log_path, start, end):
    """From the summaries logged between two offsets of the log: the worst send-latency p99 and
    max, and the number of GC pauses and the longest. The first 10 s summary with sends logged in
    the window also covers time before the window, when clients were still connecting, so it is
    left out with any before it."""
    with open(log_path, "rb") as log:
        log.seek(start)
        text = log.read(end - start).decode(errors="replace")
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

def follow_load_client_stderr(client, sampler, log):
    """Copies the load client's stderr to its log, and samples the server exactly over the
    client's measured window, which it brackets with MEASURING and MEASURED lines."""
    for line in client.stderr:
        log.write(line)
        marker = line.decode(errors="replace").strip()
        if marker == "MEASURING":
            sampler.start()
        elif marker == "MEASURED":
            sampler.stop()
    log.flush()


def run_load_client(args, url, step, server_pid, server_log, prefix):
    """Runs the load client against url; returns its JSON line and the server's usage over the
    client's measured window. Its stdout goes to a file and its stderr to a thread, so that
    neither pipe can fill up while this waits."""
    command = shlex.split(args.load_client) + [
        "--url", url, "--clients", str(step.clients), "--transport", step.transport, "--duration", str(args.duration)]
    stdout_path, log_path = prefix.with_suffix(".client.json"), prefix.with_suffix(".client.log")
    sampler = ServerSampler(server_pid, server_log)
    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        client = start_process(command, stdout, subprocess.PIPE)
        follower = threading.Thread(target=follow_load_client_stderr, args=(client, sampler, log))
        follower.start()
        try:
            client.wait(timeout=args.duration + LOAD_CLIENT_GRACE_S)
        except subprocess.TimeoutExpired:
            raise BenchError(f"load client still running after {args.duration + LOAD_CLIENT_GRACE_S} s; see {log_path}")
        finally:
            stop_process(client)
            follower.join()  # it ends at the client's end of stderr, before the log closes
    if client.returncode != 0:
        raise BenchError(f"load client exited with {client.returncode}; see {log_path}")
    if sampler.result is None:
        raise BenchError(f"load client did not print MEASURING and MEASURED on stderr; see {log_path}")
    lines = stdout_path.read_text().strip().splitlines()
    if not lines:
        raise BenchError(f"load client printed no JSON line; see {log_path}")
    return json.loads(lines[-1]), sampler.result


def cpu_per_gbps(cpu_percent, load):
    """Server CPU (% of one core) per Gbit/s the clients received: the cost of delivery."""
    return round(cpu_percent / (load["mbps_total"] / 1000), 1) if load["mbps_total"] > 0 else None


def measure(args, server, step, round_index):
    """Starts server fresh, loads it with step's clients, stops it; returns the raw numbers."""
    prefix = OUT / f"{step.label}-{server.key}" if args.repeat == 1 else OUT / f"{step.label}-{server.key}-{round_index + 1}"
    stdout_path, log_path = prefix.with_suffix(".stdout"), prefix.with_suffix(".log")
    print(f"{server.name}: {step.clients} {step.transport.upper()} clients", file=sys.stderr, flush=True)
    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        process = start_process(server.command(free_port()), stdout, log)
    try:
        url = wait_for_url(process, stdout_path, log_path)
        load, usage = run_load_client(args, url, step, process.pid, log_path, prefix)
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


def number(value):
    return "n/a" if value is None else f"{value:g}"


def ratio(ours, gst):
    return "n/a" if not ours or not gst else f"{ours / gst:.2f}"


def cell(run):
    """One server's figures for a table row."""
    load = run["load"]
    served = str(load["clients_served"])
    if run["server_exited_during_load"] is not None:
        served += f" (exited {run['server_exited_during_load']})"
    return [served, number(load["loss_percent"]), number(load["mbps_per_client"]), number(run["cpu_percent"]),
            number(run["cpu_percent_per_gbps"]), number(run["rss_peak_mib"]),
            number(load["ttfp_ms"]["p50"]), number(load["ttfk_ms"]["p50"])]


def median_round(rounds):
    """The round with the median CPU per Gbit/s (of an even count, the lower middle one); a
    round in which nothing was delivered (no figure) counts as the worst."""
    ordered = sorted(rounds, key=lambda run: run["cpu_percent_per_gbps"] or float("inf"))
    return ordered[(len(ordered) - 1) // 2]


def table_row(ours_rounds, gst_rounds):
    ours, gst = median_round(ours_rounds), median_round(gst_rounds)
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
    rows = [columns, ["---"] * len(columns)]
    rows += [table_row(rounds["ours"], rounds["gst"]) for rounds in by_step.values()]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def report(stream, runs, started):
    return "\n".join([
        f"# Benchmark {started:%Y-%m-%d %H:%M}",
        "",
        f"Stream: {stream['file']}, 1280x720 30 fps H.264 main, 1 s GOP, {stream['mbps']} Mbit/s, looped.",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}.",
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
    text = report(stream, runs, started)
    stem = OUT / f"results-{started:%Y-%m-%d-%H%M%S}"
    stem.with_suffix(".md").write_text(text)
    raw = {"started": started.isoformat(timespec="seconds"), "stream": stream, "cpus": os.cpu_count(), "runs": runs}
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n")
    print(text)
    print(f"Written to {stem.relative_to(REPO)}.md and .json", file=sys.stderr)


def check_built(args):
    if not HOST_DLL.exists():
        raise BenchError(f"{HOST_DLL.relative_to(REPO)} is missing: dotnet build src/Host -c Release")
    if args.load_client == DEFAULT_LOAD_CLIENT and not LOAD_CLIENT_DLL.exists():
        raise BenchError("the load client is missing: build bench/LoadClient first (dotnet build bench/LoadClient -c Release)")


def main():
    args = parse_args()
    # Ctrl+C raises KeyboardInterrupt; let SIGTERM unwind the same way, through the finally
    # blocks that stop every process this started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now()
    try:
        check_built(args)
        stream = prepare_stream()
        print(f"Stream: {stream['file']}, {stream['mbps']} Mbit/s", file=sys.stderr)
        steps = DEFAULT_STEPS + ([MAX_STEP] if args.max else [])
        # Ours and gst alternate within a step, so that a change in the machine's load between
        # rounds weighs on both.
        runs = [measure(args, server, step, round_index)
                for step in steps for round_index in range(args.repeat) for server in SERVERS]
    except BenchError as error:
        sys.exit(f"bench: {error}")
    except KeyboardInterrupt:
        sys.exit(130)  # every process started has been stopped on the way out
    write_results(stream, runs, started)


if __name__ == "__main__":
    main()
