#!/usr/bin/env python3
"""What the HTTP side costs a MediaActors server streaming to RTSP UDP clients.

Each round runs the same server (serve --source file:, the benchmark's 720p 4 Mbit/s stream)
four times, with the same load client holding CLIENTS UDP sessions:

  http-off   --http-port 0: no HTTP server at all
  http-on    the HTTP server (pages, API, /metrics) listening, nobody asking
  scraped    GET /metrics every 5 s, as Prometheus would
  dashboard  GET /api/v1/sessions every 2 s, as an open dashboard would

and reads the server's CPU (utime + stime from /proc, % of one core) over the load client's
measured window, after a warm-up (--warmup, 15 s from when every client plays) in which the
polled paths are asked every 0.25 s: the JIT compiles and tiers up what a request runs, as it
has long done on a server that has been scraped for a while, so the window shows the steady
cost of a request rather than its first-time cost. The variants alternate within a round, so
the machine's drift hits them alike; the table shows each round and the median, and each
variant's median minus http-off's.
Results and logs go to bench/out/operations/.

It shares the stream, the server command and the process helpers with bench/run.py (bench/benchlib.py).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from benchlib import (LOAD_CLIENT_DLL, OUT as BENCH_OUT, STREAM, STREAM_SECONDS, BenchError, cpu_ticks, free_port, prepare_stream,
                      serve_command, start_process, stop_process, wait_for_url)

OUT = BENCH_OUT / "operations"

WARMUP_POLL_INTERVAL_S = 0.25
LOAD_CLIENT_GRACE_S = 90

# variant -> (HTTP server on, [(path, interval s)] polled during the run)
VARIANTS = {
    "http-off": (False, []),
    "http-on": (True, []),
    "scraped": (True, [("/metrics", 5.0)]),
    "dashboard": (True, [("/api/v1/sessions", 2.0)]),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200, help="RTSP UDP clients (default 200)")
    parser.add_argument("--duration", type=int, default=30, help="measured seconds per run (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every variant (default 3)")
    parser.add_argument("--warmup", type=int, default=15,
                        help="seconds, once every client plays, of fast polling before the measured window (default 15)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of {', '.join(VARIANTS)}")
    return parser.parse_args()


def cpu_seconds(pid):
    return cpu_ticks(pid) / os.sysconf("SC_CLK_TCK")


class Poller:
    """GETs a path at a fixed interval from a thread of its own (every 0.25 s until warmed_up()),
    and keeps the time of each answer after the warm-up, and the failures."""

    def __init__(self, port, path, interval):
        self.url, self.interval = f"http://127.0.0.1:{port}{path}", interval
        self.times_ms, self.failures, self.bytes = [], 0, 0
        self._warm = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()

    def warmed_up(self):
        self._warm.set()

    def _run(self):
        next_at = time.monotonic()
        while not self._stop.is_set():
            warm = self._warm.is_set()
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    self.bytes = len(response.read())
                    if warm:
                        self.times_ms.append((time.monotonic() - started) * 1000)
            except (urllib.error.URLError, OSError):
                self.failures += 1
            next_at = next_at + self.interval if warm else time.monotonic() + WARMUP_POLL_INTERVAL_S
            self._stop.wait(max(0.0, next_at - time.monotonic()))


def run(args, variant, round_index):
    http_on, polls = VARIANTS[variant]
    prefix = OUT / f"{variant}-{round_index + 1}"
    stdout_path, log_path = prefix.with_suffix(".stdout"), prefix.with_suffix(".log")
    rtsp_port, http_port = free_port(), free_port()
    command = serve_command(f"file:{STREAM}", rtsp_port, http_port if http_on else 0)
    print(f"round {round_index + 1}: {variant}", file=sys.stderr, flush=True)
    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        server = start_process(command, stdout, log)
    pollers = [Poller(http_port, path, interval) for path, interval in polls]
    try:
        url = wait_for_url(server, stdout_path, log_path)
        for poller in pollers:
            poller.start()
        load, cpu_percent = run_load_client(args, url, server.pid, prefix, pollers)
    finally:
        for poller in pollers:
            poller.stop()
        stop_process(server)
    polled = [{"path": p.url.split(str(http_port), 1)[1], "answers": len(p.times_ms), "failures": p.failures,
               "p50_ms": round(statistics.median(p.times_ms), 1) if p.times_ms else None,
               "max_ms": round(max(p.times_ms), 1) if p.times_ms else None, "bytes": p.bytes} for p in pollers]
    return {"variant": variant, "round": round_index + 1, "cpu_percent": cpu_percent,
            "served": load["clients_served"], "loss_percent": load["loss_percent"], "mbps_total": load["mbps_total"], "polled": polled}


def run_load_client(args, url, server_pid, prefix, pollers):
    """The load client against url for the warm-up and the measured window; the server's CPU over
    the window: from the warm-up's end (MEASURING + warmup, when the pollers slow to their
    intervals) to the client's MEASURED."""
    command = ["dotnet", str(LOAD_CLIENT_DLL), "--url", url, "--clients", str(args.clients), "--transport", "udp",
               "--duration", str(args.warmup + args.duration)]
    stdout_path, log_path = prefix.with_suffix(".client.json"), prefix.with_suffix(".client.log")
    window = {}

    def warmed_up():
        for poller in pollers:
            poller.warmed_up()
        window["MEASURING"] = (time.monotonic(), cpu_seconds(server_pid))

    def follow(client, log):
        for line in client.stderr:
            log.write(line)
            marker = line.decode(errors="replace").strip()
            if marker == "MEASURING":
                threading.Timer(args.warmup, warmed_up).start()
            elif marker == "MEASURED":
                window[marker] = (time.monotonic(), cpu_seconds(server_pid))

    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        client = start_process(command, stdout, subprocess.PIPE)
        follower = threading.Thread(target=follow, args=(client, log))
        follower.start()
        try:
            client.wait(timeout=args.duration + LOAD_CLIENT_GRACE_S)
        except subprocess.TimeoutExpired:
            raise BenchError(f"load client still running after {args.duration + LOAD_CLIENT_GRACE_S} s; see {log_path}")
        finally:
            stop_process(client)
            follower.join()
    if client.returncode != 0 or len(window) != 2:
        raise BenchError(f"load client failed (exit {client.returncode}, window {sorted(window)}); see {log_path}")
    (t0, c0), (t1, c1) = window["MEASURING"], window["MEASURED"]
    return json.loads(stdout_path.read_text().strip().splitlines()[-1]), round(100 * (c1 - c0) / (t1 - t0), 1)


def load_average():
    return os.getloadavg()[0]


def table(results, variants, clients):
    by_variant = {v: [r for r in results if r["variant"] == v] for v in variants}
    medians = {v: statistics.median(r["cpu_percent"] for r in rs) for v, rs in by_variant.items() if rs}
    base = medians.get("http-off")
    lines = ["| variant | CPU % of one core, each round | median | vs http-off | served | loss % | polled: answers, p50 / max ms, bytes |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for variant, rounds in by_variant.items():
        if not rounds:
            continue
        delta = "" if base is None or variant == "http-off" else f"{medians[variant] - base:+.1f}"
        polled = "; ".join(f"{p['path']} every {VARIANTS[variant][1][i][1]:g} s: {sum(r['polled'][i]['answers'] for r in rounds)}"
                           f" ({sum(r['polled'][i]['failures'] for r in rounds)} failed), "
                           f"{statistics.median(r['polled'][i]['p50_ms'] for r in rounds if r['polled'][i]['p50_ms'] is not None):.1f} / "
                           f"{max(r['polled'][i]['max_ms'] or 0 for r in rounds):.1f} ms, {rounds[-1]['polled'][i]['bytes']} B"
                           for i, p in enumerate(rounds[0]["polled"])) or "-"
        lines.append(f"| {variant} | {', '.join(str(r['cpu_percent']) for r in rounds)} | {medians[variant]:.1f} | {delta} | "
                     f"{min(r['served'] for r in rounds)}/{clients} | {max(r['loss_percent'] for r in rounds)} | {polled} |")
    return "\n".join(lines)


def main():
    args = parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variants: {', '.join(unknown)}")
    OUT.mkdir(parents=True, exist_ok=True)
    prepare_stream(STREAM, STREAM_SECONDS)
    started_load = load_average()
    results = []
    try:
        for round_index in range(args.rounds):
            for variant in variants:
                result = run(args, variant, round_index)
                results.append(result)
                print(json.dumps(result), file=sys.stderr, flush=True)
    except BenchError as error:
        sys.exit(f"benchmark failed: {error}")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    summary = (f"{args.clients} RTSP UDP clients, {args.duration} s measured per run after a {args.warmup} s warm-up, {args.rounds} rounds; "
               f"load average {started_load:.2f} at the start, {load_average():.2f} at the end; {os.cpu_count()} CPUs")
    text = table(results, variants, args.clients)
    (OUT / f"results-{stamp}.json").write_text(json.dumps({"summary": summary, "results": results}, indent=1))
    (OUT / f"results-{stamp}.md").write_text(summary + "\n\n" + text + "\n")
    print(summary)
    print()
    print(text)


if __name__ == "__main__":
    main()
