"""What the soak's records mean: each chaos event's recovery time (from the churning readers'
silences and returns), healthy readers' loss inside and outside recovery windows, and the growth
of every server process over the last half of the run (least-squares slopes)."""
import json
import math
from dataclasses import dataclass, field

# A reader that received nothing for this long and then did again left a "silence" record
# (bench/LoadClient/Churn/ChurnReader.cs); shorter pauses are not outages.
SILENCE_S = 0.3
# An event's outage shows as a silence that begins within this much of the event (its last packet
# came just before the kill, or a hiccup of the loaded machine was already under way); a silence
# that begins later is another hiccup, which every session has now and then on 2 busy cores.
OUTAGE_SLACK_S = 1.0
WINDOW_BEFORE_S, WINDOW_AFTER_S = 1.0, 2.0   # a recovery window: the event -1 s to its recovery +2 s

# Growth over the last half of the run is judged only when that half is at least this long:
# a shorter one mostly sees the runtime warming up (tiered compilation, the GC sizing its heap).
JUDGE_GROWTH_FROM_S = 300
# A slope is growth when it is significant (over 3 standard errors: with 10 s samples and noise
# independent from sample to sample, a zero slope passes that 0.3 % of the time) and larger than
# these per hour.
GROWTH_LIMITS_PER_HOUR = {"rss_mib": 64, "heap_mib": 32, "threads": 20, "fds": 100, "sockets": 100, "actors": 500}
SIGNIFICANCE = 3.0


@dataclass
class Reader:
    id: int
    session: str
    kind: str
    play: float
    leave: float = None
    reason: str = None
    last_media: float = None
    packets: int = 0
    silences: list = field(default_factory=list)   # (from, to)
    losses: list = field(default_factory=list)     # (t, packets)


def read_churn(path):
    """{id: Reader} of the readers that played, and the number of failed starts."""
    readers, failed = {}, 0
    for line in path.read_text().splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by the end of the run
        kind = event["ev"]
        if kind == "fail":
            failed += 1
            continue
        if kind == "play":
            readers[event["id"]] = Reader(event["id"], event["session"], event["kind"], event["t"])
            continue
        reader = readers.get(event["id"])
        if reader is None:
            continue
        if kind == "silence":
            reader.silences.append((event["from"], event["t"]))
        elif kind == "loss":
            reader.losses.append((event["t"], event["n"]))
        elif kind == "leave":
            reader.leave, reader.reason = event["t"], event["reason"]
            reader.last_media, reader.packets = event.get("last_media"), event.get("packets", 0)
    return readers, failed


def _recovered_at(reader, began, horizon):
    """When this reader of an affected session had media again after an event at `began`: the end
    of the silence that began with the event (within OUTAGE_SLACK_S of it); `began` when there was
    none (media never stopped for longer than SILENCE_S); None when the reader was not there to
    tell (ended by the server, or left during the outage); math.inf when it stayed silent past
    the horizon. Later silences are the loaded machine's hiccups (every session has a few of
    0.3-1 s on 2 busy cores, readers of other sessions too), not the event's."""
    if reader.reason not in (None, "done") and reader.leave is not None and reader.leave < horizon:
        return None  # ended by the server (a relay's BYE): not a survivor
    ends = sorted((start, to) for start, to in reader.silences
                  if began - OUTAGE_SLACK_S <= start <= began + OUTAGE_SLACK_S and to > began)
    left_silent = reader.leave is not None and reader.last_media is not None and reader.leave - reader.last_media > SILENCE_S
    if left_silent and began - OUTAGE_SLACK_S <= reader.last_media <= began + OUTAGE_SLACK_S:
        return math.inf if reader.leave > horizon else None
    return ends[0][1] if ends else began


def recovery(event, readers, run_end):
    """Seconds from the event to every surviving reader of its sessions getting media again (HLS
    readers, whose media comes a GOP at a time, are left out), and, for a node that was restarted,
    to the first reader of its sessions playing after it was back. None: nothing to measure by."""
    began, sessions = event["t"], event["sessions"]
    horizon = min(run_end, began + event["bound_s"] + 5)
    candidates = [reader for reader in readers.values() if reader.session in sessions and reader.kind != "hls"
                  and reader.play <= began and (reader.leave is None or reader.leave > began)]
    times = [at for at in (_recovered_at(reader, began, horizon) for reader in candidates) if at is not None]
    survivors = len(times)
    if event["kind"] in ("board", "relay"):
        new = [reader.play for reader in readers.values() if reader.session in sessions and reader.play >= event["back"]
               and reader.kind != "hls" and (reader.packets or reader.leave is None)]
        times.append(min(new) if new else math.inf)
    if not times:
        return None, survivors
    return max(times) - began, survivors


def judge_events(events, readers, run_end):
    for event in events:
        seconds, survivors = recovery(event, readers, run_end)
        event["survivors"] = survivors
        event["recovery_s"] = None if seconds is None else (seconds if math.isinf(seconds) else round(seconds, 2))
        if seconds is None:
            event["verdict"] = "unmeasured"
        else:
            event["verdict"] = "ok" if seconds <= event["bound_s"] else "BOUND BROKEN"
    return events


def loss(readers, events, run_end):
    """Packets healthy readers lost, inside recovery windows of their session and outside, with
    the outside ones by session."""
    windows = []
    for event in events:
        seconds = event.get("recovery_s")
        seconds = event["bound_s"] if seconds is None or math.isinf(seconds) else seconds
        windows.append((event["t"] - WINDOW_BEFORE_S, event["t"] + seconds + WINDOW_AFTER_S, set(event["sessions"])))
    inside, outside, by_session = 0, 0, {}
    for reader in readers.values():
        for at, count in reader.losses:
            if any(start <= at <= end and reader.session in sessions for start, end, sessions in windows):
                inside += count
            else:
                outside += count
                key = f"{reader.session} ({reader.kind})"
                by_session[key] = by_session.get(key, 0) + count
    return {"inside_windows": inside, "outside_windows": outside, "outside_by_session": by_session}


def slope(points):
    """Least-squares slope of [(t, y)] per hour and its standard error per hour; None for fewer than 4 points."""
    points = [(t, y) for t, y in points if y is not None]
    if len(points) < 4:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((t - mean_t) ** 2 for t, _ in points)
    if sxx == 0:
        return None
    b = sum((t - mean_t) * (y - mean_y) for t, y in points) / sxx
    residuals = sum((y - mean_y - b * (t - mean_t)) ** 2 for t, y in points)
    stderr = math.sqrt(residuals / (n - 2) / sxx)
    return b * 3600, stderr * 3600


def growth(samples, run_start, run_end):
    """Per process and figure: the slope over the last half of the run (of the process's last
    incarnation), its standard error, and whether it is growth."""
    half = run_start + (run_end - run_start) / 2
    judged = run_end - half >= JUDGE_GROWTH_FROM_S
    results = {}
    for process in sorted({row["process"] for row in samples}):
        rows = [row for row in samples if row["process"] == process]
        last = rows[-1]["incarnation"]
        # The sample taken after the churn ended (every reader gone) is left out: it is not the load's.
        window = [row for row in rows if half <= row["t"] <= run_end and row["incarnation"] == last]
        figures = {}
        for figure, limit in GROWTH_LIMITS_PER_HOUR.items():
            fit = slope([(row["t"], row.get(figure)) for row in window])
            if fit is None:
                continue
            per_hour, stderr = fit
            grows = per_hour > SIGNIFICANCE * stderr and per_hour > limit
            figures[figure] = {"per_hour": round(per_hour, 2), "stderr_per_hour": round(stderr, 2), "limit_per_hour": limit,
                               "verdict": ("GROWS" if grows else "flat") if judged else "not judged"}
        results[process] = {"samples": len(window), "incarnation": last, "figures": figures}
    return results, judged
