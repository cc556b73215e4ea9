"""What the benchmark scripts in bench/ share: where things are, the H.264 stream they serve,
starting and stopping servers, running the load client, sampling a process's CPU and memory, and
writing the report. Each script is run by its shell wrapper with the Debian python."""
import json
import os
import platform
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
HOST_DLL = REPO / "src/Host/bin/Release/net10.0/mediaactors.dll"
LOAD_CLIENT_DLL = REPO / "bench/LoadClient/bin/Release/net10.0/loadclient.dll"
GST_SERVER = REPO / "bench/gst_rtsp_server.py"
BENCH_CONFIG = REPO / "bench/mediaactors-bench.conf"
# The stream of the load benchmarks (run.py, web_viewers.py), which both servers loop.
STREAM = OUT / "stream.h264"
STREAM_SECONDS = 10

SERVER_START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 5
RSS_SAMPLE_INTERVAL_S = 0.2


class BenchError(Exception):
    pass


def run_main(name, body):
    """Runs body() as a script's main: a BenchError exits naming what went wrong, Ctrl+C and
    SIGTERM unwind through the finally blocks that stop every process the script started."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        body()
    except BenchError as error:
        sys.exit(f"{name}: {error}")
    except KeyboardInterrupt:
        sys.exit(130)  # every process started has been stopped on the way out


def require_built(path, how):
    if not path.exists():
        raise BenchError(f"{path.relative_to(REPO)} is missing: {how}")


# --- the stream ---------------------------------------------------------------------------

def encode_command(seconds, output, width=1280, height=720, fps=30, kbits=4000, gop=30):
    """ffmpeg's testsrc2, by default as 1280x720 at 30 fps, main profile, 4 Mbit/s, a keyframe
    every second, no B-frames, Annex-B. testsrc2 moves enough to fill 4 Mbit/s without added
    noise. No nal-hrd=cbr: its filler NAL units are never forwarded by MediaActors, so the two
    servers would not send the same bytes."""
    return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}", "-t", str(seconds),
            "-c:v", "libx264", "-profile:v", "main", "-b:v", f"{kbits}k", "-maxrate", f"{kbits}k", "-bufsize", f"{kbits}k",
            "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0", "-bf", "0", "-f", "h264", str(output)]


def prepare_stream(path, seconds, **encoding):
    """Encodes the stream into path once (servers loop the file; encoding: encode_command's
    size, rate and GOP); returns its description."""
    if not path.exists():
        print(f"Encoding {path.relative_to(REPO)} ({seconds} s of testsrc2)", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial")
        subprocess.run(encode_command(seconds, partial, **encoding), check=True, timeout=600)
        partial.rename(path)
    return {"file": str(path.relative_to(REPO)), "seconds": seconds,
            "mbps": round(path.stat().st_size * 8 / seconds / 1e6, 2)}


# --- the servers --------------------------------------------------------------------------

def serve_command(source, port, http_port=0, config=BENCH_CONFIG):
    """`mediaactors serve` of source on 127.0.0.1; http_port 0: no HTTP server (a benchmark of
    RTSP needs none, and serve's default port, 8888, may be taken)."""
    return ["dotnet", str(HOST_DLL), "serve", "--source", source, "--port", str(port), "--bind", "127.0.0.1",
            "--http-port", str(http_port), "--config", str(config)]


def gst_command(port, *source):
    """bench/gst_rtsp_server.py on 127.0.0.1, source being "--file", PATH or "--relay", URL. With
    sys.executable: the scripts run with the Debian python, the one with python3-gi."""
    return [sys.executable, str(GST_SERVER), *source, "--port", str(port), "--bind", "127.0.0.1"]


# --- processes ----------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_port_free(port, hint):
    """Refuses a port another process listens on. SO_REUSEADDR lets the check pass connections of an
    earlier run still in TIME_WAIT on it, which a server (.NET and GStreamer set it) binds past too."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise BenchError(f"port {port} is taken ({error.strerror}); {hint}")


def start_process(command, stdout, stderr):
    """Starts command in a process group of its own, so that stop_process reaches its children."""
    return subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr, start_new_session=True)


def stop_process(process, timeout_s=STOP_TIMEOUT_S):
    """SIGTERM to the process's group, SIGKILL after timeout_s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_url(process, stdout_path, log_path, poll_s=0.1):
    """The servers print their URL on stdout once they can serve; read from a file rather than a
    pipe, so that nothing the server prints later can block it on a pipe nobody drains. Polled
    every poll_s (a start-up that is itself measured needs a few milliseconds)."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        for line in stdout_path.read_text().splitlines():
            if line.startswith(("rtsp://", "rtsps://")):
                return line.strip()
        if process.poll() is not None:
            raise BenchError(f"server exited with {process.returncode} before printing its URL; see {log_path}")
        time.sleep(poll_s)
    raise BenchError(f"no URL from the server within {SERVER_START_TIMEOUT_S} s; see {log_path}")


def start_server(command, prefix, poll_s=0.1):
    """Starts a server that prints its URL on stdout (to PREFIX.stdout, its log to PREFIX.log);
    returns the process, its URL and its log, once it printed the URL (looked for every poll_s)."""
    stdout_path, log_path = prefix.with_suffix(".stdout"), prefix.with_suffix(".log")
    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        process = start_process(command, stdout, log)
    try:
        return process, wait_for_url(process, stdout_path, log_path, poll_s), log_path
    except BaseException:
        stop_process(process)
        raise


# --- sampling a process -------------------------------------------------------------------

# A server that dies under load stays a zombie until it is polled: its /proc/PID/stat, with the
# CPU time it used, stays readable, and its status just has no VmRSS any more.

def cpu_ticks(pid, children=False):
    """utime + stime of the whole process (every thread), in clock ticks; with children, also
    cutime + cstime (fields 14 to 17 of proc(5))."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name in parentheses may contain spaces; the fields after it do not.
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(field) for field in fields[11:15 if children else 13])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class UsageSampler:
    """CPU time and peak resident memory of a process between start() and stop(), in result; with
    a log, log_offsets are where its log stood at either end."""

    def __init__(self, pid, log_path=None):
        self.pid = pid
        self.log_path = log_path
        self.peak_rss_kib = 0
        self.result = None
        self.log_offsets = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample_rss, daemon=True)

    def start(self):
        self._start = (time.monotonic(), cpu_ticks(self.pid), self._log_size())
        self._thread.start()

    def stop(self):
        end = (time.monotonic(), cpu_ticks(self.pid), self._log_size())
        self._stopped.set()
        self._thread.join()
        seconds = end[0] - self._start[0]
        cpu_seconds = (end[1] - self._start[1]) / os.sysconf("SC_CLK_TCK")
        self.result = {"window_s": round(seconds, 2), "cpu_percent": round(100 * cpu_seconds / seconds, 1),
                       "rss_peak_mib": round(self.peak_rss_kib / 1024, 1)}
        self.log_offsets = (self._start[2], end[2])

    def _log_size(self):
        return self.log_path.stat().st_size if self.log_path else 0

    def _sample_rss(self):
        while True:
            self.peak_rss_kib = max(self.peak_rss_kib, rss_kib(self.pid))
            if self._stopped.wait(RSS_SAMPLE_INTERVAL_S):
                return


def log_text(log_path, offsets):
    """What a log got between two offsets."""
    start, end = offsets
    with open(log_path, "rb") as log:
        log.seek(start)
        return log.read(end - start).decode(errors="replace")


# --- the load client ----------------------------------------------------------------------

def _follow_load_client_stderr(client, samplers, log):
    """Copies the load client's stderr to its log, and samples the servers exactly over the
    client's measured window, which it brackets with MEASURING and MEASURED lines."""
    for line in client.stderr:
        log.write(line)
        marker = line.decode(errors="replace").strip()
        for sampler in samplers:
            if marker == "MEASURING":
                sampler.start()
            elif marker == "MEASURED":
                sampler.stop()
    log.flush()


def run_load_client(command, server_pid, server_log, prefix, timeout_s):
    """Runs the load client (its argv); returns its JSON line and the sampler that measured the
    server (pid, log) over the client's measured window."""
    sampler = UsageSampler(server_pid, server_log)
    return run_load_client_sampling(command, [sampler], prefix, timeout_s), sampler


def run_load_client_sampling(command, samplers, prefix, timeout_s):
    """Runs the load client (its argv), started and stopped samplers (UsageSampler) measuring over
    the client's measured window; returns its JSON line. Its stdout goes to PREFIX.client.json
    and its stderr, through a thread, to PREFIX.client.log, so that neither pipe can fill up."""
    stdout_path, log_path = prefix.with_suffix(".client.json"), prefix.with_suffix(".client.log")
    with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
        client = start_process(command, stdout, subprocess.PIPE)
        follower = threading.Thread(target=_follow_load_client_stderr, args=(client, samplers, log))
        follower.start()
        try:
            client.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise BenchError(f"load client still running after {timeout_s} s; see {log_path}")
        finally:
            stop_process(client)
            follower.join()  # it ends at the client's end of stderr, before the log closes
    if client.returncode != 0:
        raise BenchError(f"load client exited with {client.returncode}; see {log_path}")
    if any(sampler.result is None for sampler in samplers):
        raise BenchError(f"load client did not print MEASURING and MEASURED on stderr; see {log_path}")
    lines = stdout_path.read_text().strip().splitlines()
    if not lines:
        raise BenchError(f"load client printed no JSON line; see {log_path}")
    return json.loads(lines[-1])


def load_client_argv(load_client, url, clients, transport, duration, *extra):
    """The load client's command line: load_client is how to run it (a shell-quoted string)."""
    return shlex.split(load_client) + ["--url", url, "--clients", str(clients), "--transport", transport,
                                       "--duration", str(duration), *extra]


def hold_clients_then_stop(process, log_path, prefix, load_client, url, clients, transport, duration,
                           warm_up_s, settle_s, grace_s):
    """Holds `clients` of `url` on a server just started (process, its log) with the load client:
    one uncounted client for warm_up_s first, the window settle_s after the last one plays. Then
    stops the server. Returns the client's JSON line, the server's usage over the window, and the
    server's exit code when it fell over under load (a result, not a failure of the benchmark;
    None while it ran)."""
    try:
        command = load_client_argv(load_client, url, clients, transport, duration,
                                   "--warm-up", str(warm_up_s), "--settle", str(settle_s))
        load, sampler = run_load_client(command, process.pid, log_path, prefix, warm_up_s + settle_s + duration + grace_s)
        exit_code = process.poll()
    finally:
        stop_process(process)
    return load, sampler.result, exit_code


def median_round(rounds, cost):
    """The round whose cost(run) is the median (of an even count, the lower middle one); a round
    whose cost is None (it served nobody) counts as the worst."""
    ordered = sorted(rounds, key=lambda run: cost(run) if cost(run) is not None else float("inf"))
    return ordered[(len(ordered) - 1) // 2]


def cpu_per_gbps(cpu_percent, load):
    """Server CPU (% of one core) per Gbit/s the clients received: the cost of delivery."""
    return round(cpu_percent / (load["mbps_total"] / 1000), 1) if load["mbps_total"] > 0 else None


# --- the report ---------------------------------------------------------------------------

def percentile(sorted_values, fraction):
    """Nearest rank."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


def number(value):
    return "n/a" if value is None else f"{value:g}"


def ratio(ours, theirs):
    return "n/a" if not ours or not theirs else f"{ours / theirs:.2f}"


def markdown_table(rows):
    """rows[0] is the header."""
    rows = [rows[0], ["---"] * len(rows[0]), *rows[1:]]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def loadavg():
    """The 1-minute load average: how busy the shared machine was around a measurement."""
    return round(os.getloadavg()[0], 2)


def machine():
    return f"{os.cpu_count()} cores, {platform.platform()}"


def write_results(stem, text, raw):
    """Writes the report to OUT/STEM.md and the raw numbers to OUT/STEM.json, and prints the report."""
    path = OUT / stem
    path.with_suffix(".md").write_text(text)
    path.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n")
    print(text)
    print(f"Written to {path.relative_to(REPO)}.md and .json", file=sys.stderr)
