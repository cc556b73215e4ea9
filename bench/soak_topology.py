"""The soak's processes: an upstream gst-rtsp-server camera, two `mediaactors serve` (one with the
synthetic camera through its ffmpeg encoder child, a pulled camera and a publish path; one playing
a file), a `board` whose session a `relay` serves over Akka.Cluster, and an ffmpeg publisher.
Each can be killed and started again on the same ports, which is what the chaos does to them."""
import os
import signal
import subprocess
import sys
import time
import urllib.request

from benchlib import HOST_DLL, BenchError, free_port, gst_command, prepare_stream, start_process, stop_process, wait_for_url

# 640x360 at 30 fps, ~600 kbit/s, a keyframe every second: 200 readers of it are ~120 Mbit/s of
# loopback traffic, which the servers, the load client and the encoder share 2 cores with.
WIDTH, HEIGHT, FPS, KBITS, GOP = 640, 360, 30, 600, 30
STREAM_SECONDS = 10
HTTP_READY_TIMEOUT_S = 30


def stream_path(out_root):
    return out_root / f"soak-stream-{WIDTH}x{HEIGHT}.h264"


def publisher_stream(stream):
    """The same stream in MP4 for the publisher: ffmpeg's -stream_loop cannot seek a raw .h264 file."""
    return stream.with_suffix(".mp4")


def encode_stream(path):
    """The file the file session, the upstream camera, the board and the publisher loop (no
    B-frames, so every server passes it on as it is)."""
    prepare_stream(path, STREAM_SECONDS, width=WIDTH, height=HEIGHT, fps=FPS, kbits=KBITS, gop=GOP)
    if not publisher_stream(path).exists():
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "h264", "-framerate", str(FPS), "-i", str(path),
                        "-c", "copy", str(publisher_stream(path))], check=True, timeout=300)


class Managed:
    """One process of the topology: its command, how it is known to be ready, and its current
    incarnation. start() again after a kill makes a new incarnation on the same ports."""

    def __init__(self, name, command, directory, prints_url=True, http_port=None):
        self.name = name
        self.command = command
        self.directory = directory
        self.prints_url = prints_url
        self.http_port = http_port
        self.process = None
        self.url = None
        self.incarnation = 0
        self.started_at = None
        self.on_spawn = None  # called as soon as a new process exists (the soak lists it for its trap)

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def start(self, tolerate_unready=False):
        """Starts a new incarnation; returns when it is ready (its URL printed, /readyz 200). With
        tolerate_unready, a process that is not ready in time is left running (it may still get
        there: a node waiting to join its cluster) and None is returned instead of raising."""
        self.incarnation += 1
        prefix = self.directory / f"{self.name}-{self.incarnation}"
        self.started_at = time.time()
        stdout_path, log_path = prefix.with_suffix(".stdout"), prefix.with_suffix(".log")
        with open(stdout_path, "wb") as stdout, open(log_path, "wb") as log:
            self.process = start_process(self.command, stdout if self.prints_url else subprocess.DEVNULL, log)
        if self.on_spawn:
            self.on_spawn()
        try:
            if self.prints_url:
                self.url = wait_for_url(self.process, stdout_path, log_path)
            if self.http_port:
                wait_ready(self.http_port, self.process)
        except BenchError as error:
            if not tolerate_unready or self.process.poll() is not None:
                self.stop()
                raise
            # A node that cannot join its cluster prints no URL and is not ready; it may still get there.
            print(f"soak: {self.name}: {error}; going on", file=sys.stderr, flush=True)
            return None
        return time.time()

    def kill(self, signum=signal.SIGKILL):
        """The signal to the process alone (not its group: a server's ffmpeg child is the server's to lose)."""
        os.kill(self.process.pid, signum)
        if signum == signal.SIGKILL:
            self.process.wait()

    def stop(self):
        if self.process is not None:
            stop_process(self.process)


def wait_ready(http_port, process):
    deadline = time.monotonic() + HTTP_READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"process {process.pid} exited with {process.returncode} while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"http://127.0.0.1:{http_port}/readyz not ready within {HTTP_READY_TIMEOUT_S} s")


class Topology:
    """Every process of the soak with its ports; sessions() is what the churning readers read."""

    def __init__(self, out, stream):
        self.out = out
        self.stream = stream
        ports = iter([free_port() for _ in range(10)])
        self.camera_port, self.serve_port, self.serve_http, self.file_port, self.file_http = (next(ports) for _ in range(5))
        self.relay_port, self.relay_http, self.relay_cluster, self.board_cluster, self.board_http = (next(ports) for _ in range(5))
        self.board_port = free_port()
        # The soak's overrides of hocon/mediaactors.conf; only the first serve pulls the camera.
        self.config, self.serve_config = out / "soak.conf", out / "soak-serve.conf"
        self.config.write_text("mediaactors.rtsp.max-connections = 1200\n")
        self.serve_config.write_text(self.config.read_text()
                                     + f'mediaactors.sources {{ pulled {{ url = "rtsp://127.0.0.1:{self.camera_port}/test" }} }}\n')
        host = ["dotnet", str(HOST_DLL)]
        common = ["--bind", "127.0.0.1", "--config", str(self.config)]
        camera = ["--width", str(WIDTH), "--height", str(HEIGHT), "--fps", str(FPS), "--bitrate", str(KBITS), "--gop", str(GOP)]
        self.camera = Managed("camera", gst_command(self.camera_port, "--file", str(stream)), out)
        self.serve = Managed("serve", host + ["serve", "--session", "cam", "--port", str(self.serve_port),
                                              "--http-port", str(self.serve_http), *camera, "--bind", "127.0.0.1",
                                              "--config", str(self.serve_config)], out, http_port=self.serve_http)
        self.file = Managed("file", host + ["serve", "--source", f"file:{stream}", "--session", "file", "--port", str(self.file_port),
                                            "--http-port", str(self.file_http), *common], out, http_port=self.file_http)
        self.relay = Managed("relay", host + ["relay", "--port", str(self.relay_port), "--http-port", str(self.relay_http),
                                              "--cluster-port", str(self.relay_cluster), *common], out, http_port=self.relay_http)
        self.board = Managed("board", host + ["board", "--name", "board1", "--source", f"file:{stream}", "--session", "test",
                                              "--rtsp-port", str(self.board_port), "--http-port", str(self.board_http),
                                              "--cluster-port", str(self.board_cluster), "--seed", f"127.0.0.1:{self.relay_cluster}",
                                              *common], out, http_port=self.board_http)
        self.publisher = Managed("publisher", ["ffmpeg", "-hide_banner", "-loglevel", "warning", "-re", "-stream_loop", "-1",
                                               "-i", str(publisher_stream(stream)), "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp",
                                               f"rtsp://127.0.0.1:{self.serve_port}/live/pub"], out, prints_url=False)
        # A relay that restarts joins the cluster through the board; naming itself first, it founds
        # a cluster of its own when the board does not answer (a board that then restarts joins it).
        self.relay_rejoin = self.relay.command + ["--seed", f"127.0.0.1:{self.relay_cluster}", "--seed", f"127.0.0.1:{self.board_cluster}"]

    @property
    def servers(self):
        """The MediaActors processes, sampled every 10 s."""
        return [self.serve, self.file, self.board, self.relay]

    @property
    def all(self):
        return [self.publisher, self.relay, self.board, self.file, self.serve, self.camera]

    def start(self):
        for managed in (self.camera, self.serve, self.file, self.relay, self.board, self.publisher):
            managed.start()
        self.relay.command = self.relay_rejoin

    def stop(self):
        for managed in self.all:
            try:
                managed.stop()
            except Exception as error:  # noqa: BLE001 - the others are stopped whatever happened to one
                print(f"soak: stopping {managed.name}: {error}", file=sys.stderr)

    def sessions(self):
        """(name, rtsp URL, HTTP base, the process serving it) of every session the readers churn over."""
        serve = f"127.0.0.1:{self.serve_port}"
        http = f"http://127.0.0.1:{self.serve_http}"
        return [("cam", f"rtsp://{serve}/cam", f"{http}/cam", "serve"),
                ("pulled", f"rtsp://{serve}/pulled", f"{http}/pulled", "serve"),
                ("live/pub", f"rtsp://{serve}/live/pub", f"{http}/live/pub", "serve"),
                ("file", f"rtsp://127.0.0.1:{self.file_port}/file", f"http://127.0.0.1:{self.file_http}/file", "file"),
                ("board1/test", f"rtsp://127.0.0.1:{self.relay_port}/board1/test",
                 f"http://127.0.0.1:{self.relay_http}/board1/test", "relay")]

    def encoder_pid(self):
        """The serve's ffmpeg encoder child (the one reading raw video on stdin)."""
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                if ppid != self.serve.pid:
                    continue
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    argv = cmdline.read().split(b"\0")
                if argv and argv[0].endswith(b"ffmpeg") and b"rawvideo" in argv:
                    return int(entry)
            except (OSError, ValueError, IndexError):
                continue
        return None
