"""One sample of a server process for the soak: what /proc says about it (RSS, threads, file
descriptors, sockets) and what its Prometheus /metrics says (managed heap, GC counts, sessions,
readers, and actors and mailboxes where the server has those gauges; empty cells where not)."""
import os
import re
import urllib.request

METRICS_TIMEOUT_S = 3

COLUMNS = ["t", "process", "pid", "incarnation", "rss_mib", "heap_mib", "gc0", "gc1", "gc2", "threads", "fds", "sockets",
           "actors", "mailbox_depth_max", "mailbox_messages", "sessions", "readers", "lost_healthy"]

_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def proc_figures(pid):
    """RSS (MiB) and threads from /proc/PID/status; descriptors and sockets from /proc/PID/fd."""
    figures = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                figures["rss_mib"] = round(int(line.split()[1]) / 1024, 1)
            elif line.startswith("Threads:"):
                figures["threads"] = int(line.split()[1])
    fds = sockets = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        fds += 1
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                sockets += 1
        except OSError:
            pass  # closed between the listing and the look
    figures.update(fds=fds, sockets=sockets)
    return figures


def scrape(http_port):
    """{metric name: [(labels text, value)]} of the server's /metrics; {} when it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=METRICS_TIMEOUT_S) as answer:
            text = answer.read().decode()
    except OSError:
        return {}
    metrics = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and not line.startswith("#"):
            try:
                metrics.setdefault(match.group(1), []).append((match.group(2) or "", float(match.group(3))))
            except ValueError:
                pass
    return metrics


def _sum(metrics, name):
    values = metrics.get(name)
    return None if values is None else sum(value for _, value in values)


def _max(metrics, name):
    values = metrics.get(name)
    return None if not values else max(value for _, value in values)


def _generation(metrics, generation):
    for labels, value in metrics.get("dotnet_collection_count_total", []):
        if f'generation="{generation}"' in labels:
            return int(value)
    return None


def metrics_figures(http_port):
    metrics = scrape(http_port)
    heap = _sum(metrics, "dotnet_total_memory_bytes")
    figures = {"heap_mib": None if heap is None else round(heap / 2**20, 1),
               "gc0": _generation(metrics, 0), "gc1": _generation(metrics, 1), "gc2": _generation(metrics, 2),
               "actors": _sum(metrics, "mediaactors_actors"),
               "mailbox_depth_max": _max(metrics, "mediaactors_mailbox_depth_max"),
               "mailbox_messages": _sum(metrics, "mediaactors_mailbox_messages"),
               "sessions": _sum(metrics, "mediaactors_sessions"),
               "readers": _sum(metrics, "mediaactors_session_readers")}
    return {key: (int(value) if isinstance(value, float) and value.is_integer() else value) for key, value in figures.items()}


def sample(managed, now):
    """A row of samples.csv for one server process (cells it cannot fill are empty), or None while it is down."""
    if not managed.alive():
        return None
    row = {"t": round(now, 1), "process": managed.name, "pid": managed.pid, "incarnation": managed.incarnation}
    try:
        row.update(proc_figures(managed.pid))
    except OSError:
        return None
    row.update(metrics_figures(managed.http_port))
    return row
