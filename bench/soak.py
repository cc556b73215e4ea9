#!/usr/bin/python3
"""Soak: every kind of session under churning readers, with chaos, for DURATION (90s, 2m, 1h).

Starts an upstream gst-rtsp-server camera, `mediaactors serve` with its synthetic camera (ffmpeg
encoder child), the pulled camera and a publish path fed by an ffmpeg publisher, a second
`serve` playing a file, and a `board` whose session a `relay` serves over Akka.Cluster. 200
readers churn over the five sessions for the whole run (bench/LoadClient `churn`: UDP, TCP,
WebSocket and HLS, each playing 1-60 s), beside readers that stall and a peer sending garbage.
On a schedule it kills the encoder child, the camera, the publisher, the board and the relay
(each restarted) and freezes the camera for 10 s, and measures how long the readers of the
affected sessions go without media. Every 10 s it samples each server process.

Writes bench/out/soak-<timestamp>/samples.csv, events.csv, chart.png and summary.txt, prints the
summary, and exits 1 when a recovery bound was broken, a healthy reader lost packets outside a
recovery window, or a process grew. docs/RELIABILITY.md explains it all. Run it through
bench/soak.sh, which installs what is missing, builds, and stops every process on the way out."""
import argparse
import csv
import datetime
import json
import re
import subprocess
import sys
import threading
import time

import soak_analysis as analysis
from benchlib import HOST_DLL, LOAD_CLIENT_DLL, OUT, BenchError, loadavg, machine, require_built, run_main
from rtsp_client import open_stream
from soak_chart import draw
from soak_chaos import Misbehaving, run_event, schedule
from soak_sampling import COLUMNS, sample
from soak_topology import FPS, GOP, HEIGHT, KBITS, WIDTH, Topology, encode_stream, stream_path

READERS = 200
MIN_PLAY_S, MAX_PLAY_S = 1, 60
SAMPLE_INTERVAL_S = 10
PLAYABLE_TIMEOUT_S = 60
CHURN_GRACE_S = 60


def parse_duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration such as 90s, 2m or 1h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("duration", type=parse_duration, help="how long the readers churn: 90s, 2m, 1h")
    parser.add_argument("--readers", type=int, default=READERS)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


class Sampler(threading.Thread):
    """Every SAMPLE_INTERVAL_S: one row per server process into samples.csv, with the healthy
    readers' loss so far on the sessions it serves (read from the churn's records as they come)."""

    def __init__(self, topology, churn_path, csv_path):
        super().__init__(daemon=True)
        self.topology, self.churn_path = topology, churn_path
        self.rows, self.stop = [], threading.Event()
        self.served_by = {name: process for name, _, _, process in topology.sessions()}
        self.lost = {}
        self.offset = 0
        self.file = open(csv_path, "w", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=COLUMNS)
        self.writer.writeheader()

    def _read_loss(self):
        if not self.churn_path.exists():
            return
        with open(self.churn_path, "rb") as churn:
            churn.seek(self.offset)
            data = churn.read()
        complete = data.rfind(b"\n") + 1
        self.offset += complete
        for line in data[:complete].splitlines():
            event = json.loads(line)
            if event["ev"] == "loss":
                process = self.served_by.get(event["session"])
                self.lost[process] = self.lost.get(process, 0) + event["n"]

    def sample_once(self):
        self._read_loss()
        now = time.time()
        for managed in self.topology.servers:
            row = sample(managed, now)
            if row is not None:
                row["lost_healthy"] = self.lost.get(managed.name, 0)
                self.rows.append(row)
                self.writer.writerow(row)
        self.file.flush()

    def run(self):
        while not self.stop.wait(SAMPLE_INTERVAL_S):
            try:
                self.sample_once()
            except Exception as error:  # noqa: BLE001 - a sample missed is no reason to end the soak
                print(f"soak: sampling: {error}", file=sys.stderr)

    def close(self):
        self.stop.set()
        self.join(timeout=15)
        self.file.close()


def wait_playable(topology):
    deadline = time.monotonic() + PLAYABLE_TIMEOUT_S
    for name, url, _, _ in topology.sessions():
        open_stream(name, url, deadline).close()


def churn_command(args, topology, duration_s, events_path):
    command = ["dotnet", str(LOAD_CLIENT_DLL), "churn", "--readers", str(args.readers), "--duration", str(int(duration_s)),
               "--min-play", str(MIN_PLAY_S), "--max-play", str(MAX_PLAY_S), "--seed", str(args.seed), "--events", str(events_path)]
    for name, rtsp, http, _ in topology.sessions():
        command += ["--session", f"{name},{rtsp},{http}"]
    return command


def write_pids(out, topology, churn):
    """The process groups running now (each process leads its own), for bench/soak.sh's trap to
    kill should this script die without stopping them; replaced at every change, so that the
    trap never names a process that already ended."""
    pids = [managed.pid for managed in topology.all if managed.alive()] + ([churn.pid] if churn else [])
    (out / "pids").write_text("".join(f"{pid}\n" for pid in pids))


def write_events(path, events):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["kind", "t", "back", "sessions", "bound_s", "recovery_s", "survivors", "verdict", "note"])
        for event in events:
            writer.writerow([event["kind"], event["t"], event["back"], " ".join(event["sessions"]), event["bound_s"],
                             event["recovery_s"], event["survivors"], event["verdict"], event["note"]])


def summarize(args, duration_s, events, loss, growth, judged, misbehaving, readers, failed, run_start, load):
    lines = [f"Soak of {duration_s:g} s on {machine()}, load average {load} at the end",
             f"{args.readers} churning readers ({MIN_PLAY_S}-{MAX_PLAY_S} s each, UDP/TCP/WebSocket/HLS) over 5 sessions "
             f"of {WIDTH}x{HEIGHT} {FPS} fps ~{KBITS} kbit/s (GOP {GOP}): {len(readers)} visits played, {failed} starts failed",
             f"misbehaving: {misbehaving['stalls']} stalled readers ({misbehaving['stalls_ended_by_server']} ended by the servers: "
             f"stalled or silent), {misbehaving['garbage']} garbage connections", ""]
    lines.append("Growth over the last half (per hour; noise = 3 standard errors of the slope"
                 + ("" if judged else "; not judged: the half is shorter than 5 min") + "):")
    for process, result in growth.items():
        cells = [f"{figure} {fit['per_hour']:+g}±{fit['stderr_per_hour']:g} {fit['verdict']}" for figure, fit in result["figures"].items()]
        lines.append(f"  {process} ({result['samples']} samples, incarnation {result['incarnation']}): " + "; ".join(cells))
    lines += ["", f"Healthy readers' loss: {loss['outside_windows']} packets outside recovery windows "
                  f"{loss['outside_by_session'] or ''}, {loss['inside_windows']} inside", "",
              "Chaos (recovery: until every surviving reader of the sessions has media again):"]
    for event in events:
        recovered = ("n/a" if event["recovery_s"] is None
                     else f"<{analysis.SILENCE_S:g} s" if event["recovery_s"] == 0 else f"{event['recovery_s']:g} s")
        lines.append(f"  +{event['t'] - run_start:6.1f} s {event['kind']:<12} recovery {recovered:>8} / bound {event['bound_s']:g} s "
                     f"({event['survivors']} surviving readers) {event['verdict']}  [{event['note']}]")
    return "\n".join(lines)


def soak(args):
    require_built(HOST_DLL, "run bench/soak.sh, which builds it")
    require_built(LOAD_CLIENT_DLL, "run bench/soak.sh, which builds it")
    out = OUT / f"soak-{datetime.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True)
    stream = stream_path(OUT)
    encode_stream(stream)
    topology = Topology(out, stream)
    churn_path = out / "churn.jsonl"
    sampler = Sampler(topology, churn_path, out / "samples.csv")
    misbehaving = Misbehaving(topology, args.seed)
    churn = None
    events = []
    try:
        for managed in topology.all:
            managed.on_spawn = lambda: write_pids(out, topology, churn)
        topology.start()
        wait_playable(topology)
        print(f"soak: all sessions play; churning {args.readers} readers for {args.duration:g} s, output in {out}", file=sys.stderr, flush=True)
        with open(out / "churn.log", "wb") as churn_log:
            churn = subprocess.Popen(churn_command(args, topology, args.duration, churn_path), stdout=churn_log, stderr=churn_log,
                                     start_new_session=True)
        run_start = time.time()
        write_pids(out, topology, churn)
        sampler.start()
        misbehaving.start()
        for at, kind in schedule(args.duration):
            time.sleep(max(0.0, run_start + at - time.time()))
            event = run_event(kind, topology)
            print(f"soak: +{event['t'] - run_start:.0f} s {kind}: {event['note']}", file=sys.stderr, flush=True)
            events.append(event)
            write_pids(out, topology, churn)
        try:
            churn.wait(timeout=max(0.0, run_start + args.duration - time.time()) + CHURN_GRACE_S)
        except subprocess.TimeoutExpired:
            raise BenchError(f"the churn did not end within {CHURN_GRACE_S} s of its duration; see {out / 'churn.log'}")
        run_end = time.time()
        sampler.sample_once()
        down = [managed.name for managed in topology.all if not managed.alive()]
    finally:
        misbehaving.close()
        if churn is not None and churn.poll() is None:
            churn.terminate()
            churn.wait(timeout=15)
        sampler.close()
        topology.stop()
        (out / "pids").unlink(missing_ok=True)  # all stopped: nothing left for bench/soak.sh's trap

    # The servers log "RTSP connection from … ends: stalled: …" for a reader they ended for taking
    # nothing, and "ends: silent" for one that sent no keepalive for the session timeout (65 s),
    # which at this bitrate comes first: the 4 MiB queue in front of a stalled reader takes about
    # a minute to fill. The churning readers send keepalives, so these are the stallers.
    logs = [log.read_text(errors="replace") for log in out.glob("*.log")]
    misbehaving.counts["stalls_ended_by_server"] = sum(log.count("ends: stalled") + log.count("ends: silent") for log in logs)
    readers, failed = analysis.read_churn(churn_path)
    analysis.judge_events(events, readers, run_end)
    loss = analysis.loss(readers, events, run_end)
    growth, judged = analysis.growth(sampler.rows, run_start, run_end)
    write_events(out / "events.csv", events)
    draw(out / "chart.png", sampler.rows, events, run_start)
    text = summarize(args, args.duration, events, loss, growth, judged, misbehaving.counts, readers, failed, run_start, loadavg())
    broken = [event for event in events if event["verdict"] != "ok"]
    grew = [f"{process} {figure}" for process, result in growth.items() for figure, fit in result["figures"].items() if fit["verdict"] == "GROWS"]
    problems = ([f"{len(broken)} chaos events without recovery within their bound"] if broken else []) \
        + ([f"{loss['outside_windows']} packets lost outside recovery windows"] if loss["outside_windows"] else []) \
        + ([f"grew: {', '.join(grew)}"] if grew else []) \
        + ([f"{', '.join(down)} died during the soak (see their logs)"] if down else []) \
        + ([f"the load client exited with {churn.returncode} (see churn.log)"] if churn.returncode else [])
    text += "\n\nVERDICT: " + ("PASS" if not problems else "FAIL (" + "; ".join(problems) + ")")
    (out / "summary.txt").write_text(text + "\n")
    (out / "summary.json").write_text(json.dumps({"events": events, "loss": loss, "growth": growth, "misbehaving": misbehaving.counts},
                                                 indent=2, default=str) + "\n")
    print(text)
    print(f"Written to {out}", file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    run_main("soak", lambda: soak(parse_args()))
