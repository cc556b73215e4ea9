"""What the soak does to its processes, and when: the chaos schedule and its actions (each with
the sessions it affects and the recovery bound it is held to), and the misbehaving clients that
run all along (readers that stall, peers that send garbage)."""
import os
import random
import signal
import socket
import threading
import time

from rtsp_client import open_stream

# The kinds of chaos, in the order the schedule cycles through them.
KINDS = ["encoder", "board", "camera", "publisher", "relay", "stop-camera"]
# Process restarts of the cluster nodes only in the first half of a run this long or longer, so
# that the second half, where growth is judged, sees one incarnation of every server.
RESTART_NODES_FIRST_HALF_FROM_S = 600
DOWN_S = 2                      # a killed process is started again after this long
STOP_S = 10                     # SIGSTOP to SIGCONT
END_QUIET_S = 30                # no chaos begins closer to the end than this

# Recovery bounds, from the event to every surviving reader of its sessions getting media again
# (docs/RELIABILITY.md, "Recovery bounds", says where each comes from).
ENCODER_RESTART_BOUND_S = 3.0   # the camera restarts its encoder at once; its first picture is a keyframe
RECONNECT_MIN_S, BACKOFF_JITTER = 0.5, 0.2   # source-defaults reconnect-min, doubling, +-20 %
PULL_SETUP_ALLOWANCE_S = 3.0    # DESCRIBE, SETUP, PLAY of the camera, its next keyframe (1 s GOP), a loaded machine
PUBLISHER_ALLOWANCE_S = 3.0     # ffmpeg connecting, ANNOUNCE/RECORD, its first keyframe
NODE_REJOIN_BOUND_S = 30.0      # a board or relay started again, until the relay serves the board's session again


def schedule(duration_s):
    """[(seconds from the start, kind)]: every kind at least once within 2 minutes of a short run,
    every 90 s in a long one (each kind every 9 minutes)."""
    period = min(90.0, max(15.0, duration_s / 8))
    events, index, at = [], 0, period
    while at + END_QUIET_S <= duration_s:
        kind = KINDS[index % len(KINDS)]
        index += 1
        if kind in ("board", "relay") and duration_s >= RESTART_NODES_FIRST_HALF_FROM_S and at > duration_s / 2:
            continue
        events.append((at, kind))
        at += period
    return events


def backoff_bound(outage_s):
    """The latest the pulled source's next attempt can come after a camera outage of outage_s:
    attempts at reconnect-min doubling (0.5, 1.5, 3.5, 7.5 s, ... after the loss), each +20 %,
    so the first one after the camera is back is at most 2.4 x the outage + 0.6 s after the loss."""
    return (2 * outage_s + RECONNECT_MIN_S) * (1 + BACKOFF_JITTER)


def run_event(kind, topology):
    """Does one chaos event; returns its record (what, when it began, when the disturbance was
    over, the sessions it affects, its bound in seconds from its beginning)."""
    began = time.time()
    if kind == "encoder":
        pid = topology.encoder_pid()
        if pid is None:
            return record(kind, began, began, ["cam"], ENCODER_RESTART_BOUND_S, "no encoder child found")
        os.kill(pid, signal.SIGKILL)
        return record(kind, began, began, ["cam"], ENCODER_RESTART_BOUND_S, f"SIGKILL ffmpeg {pid}")
    if kind == "camera":
        topology.camera.kill()
        time.sleep(DOWN_S)
        back = topology.camera.start()
        outage = back - began
        return record(kind, began, back, ["pulled"], backoff_bound(outage) + PULL_SETUP_ALLOWANCE_S,
                      f"SIGKILL gst camera, back after {outage:.1f} s")
    if kind == "stop-camera":
        topology.camera.kill(signal.SIGSTOP)
        time.sleep(STOP_S)
        topology.camera.kill(signal.SIGCONT)
        back = time.time()
        return record(kind, began, back, ["pulled"], (back - began) + RECONNECT_MIN_S * (1 + BACKOFF_JITTER) + PULL_SETUP_ALLOWANCE_S,
                      f"SIGSTOP gst camera for {back - began:.1f} s")
    if kind == "publisher":
        topology.publisher.kill()
        time.sleep(DOWN_S)
        back = topology.publisher.start()
        return record(kind, began, back, ["live/pub"], (back - began) + PUBLISHER_ALLOWANCE_S,
                      f"SIGKILL publisher, back after {back - began:.1f} s")
    node = topology.board if kind == "board" else topology.relay
    node.kill()
    time.sleep(DOWN_S)
    restarted = time.time()
    back = node.start(tolerate_unready=True)
    ready = f"ready after {back - began:.1f} s" if back else "NOT READY in time"
    if back is None:
        # Repair, so that the rest of the run still measures something: a node that could not join
        # is started once more (the event's recovery still counts from the kill, and breaks its bound).
        if node.alive():
            node.kill()
        back = node.start(tolerate_unready=True)
        ready += f", started a second time: {'ready after %.1f s' % (back - began) if back else 'NOT READY either'}"
    return record(kind, began, back or time.time(), ["board1/test"], (restarted - began) + NODE_REJOIN_BOUND_S,
                  f"SIGKILL {node.name}, started again after {restarted - began:.1f} s, {ready}")


def record(kind, began, back, sessions, bound_s, note):
    return {"kind": kind, "t": round(began, 3), "back": round(back, 3), "sessions": sessions,
            "bound_s": round(bound_s, 2), "note": note}


class Misbehaving:
    """Threads that run for the whole soak: STALLERS readers that play TCP-interleaved and then stop
    reading (the server must end them after client-stall-timeout, and nobody else may notice), and a
    peer that sends garbage to the RTSP and HTTP ports every second (random bytes, requests cut
    short). Counts what happened, for the summary."""

    STALLERS = 3
    # At ~600 kbit/s the server's 4 MiB queue in front of a staller takes about a minute to fill
    # before its client-stall-timeout (10 s) even begins; the session timeout (65 s without a
    # keepalive) usually ends it first. Hold it long enough to see either.
    STALL_HOLD_S = 90
    STALL_RECEIVE_BUFFER = 4096

    def __init__(self, topology, seed):
        self.topology = topology
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.counts = {"stalls": 0, "garbage": 0}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._stall, args=(index,), daemon=True) for index in range(self.STALLERS)]
        self.threads.append(threading.Thread(target=self._garbage, daemon=True))

    def start(self):
        for thread in self.threads:
            thread.start()

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)

    def _count(self, what):
        with self.lock:
            self.counts[what] += 1

    def _stall(self, index):
        rng = random.Random(index)
        while not self.stop.wait(rng.uniform(1, 5)):
            _, url, _, _ = rng.choice([session for session in self.topology.sessions() if session[0] != "live/pub"])
            try:
                stream = open_stream(f"staller {index}", url, time.monotonic() + 5)
            except Exception:  # noqa: BLE001 - the session may be away (chaos); try again later
                continue
            try:
                stream.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.STALL_RECEIVE_BUFFER)
                stream.play()
                self._count("stalls")
                # Never read again: the socket's buffers fill and the server's writes to it stop.
                # Whether the server ended it is read from the servers' logs at the end (a FIN
                # behind unread data never reaches this side).
                self.stop.wait(self.STALL_HOLD_S)
            except Exception:  # noqa: BLE001
                pass
            finally:
                stream.close()

    def _garbage(self):
        while not self.stop.wait(1.0):
            topology = self.topology
            rtsp_ports = [topology.serve_port, topology.file_port, topology.relay_port]
            http_ports = [topology.serve_http, topology.file_http, topology.relay_http]
            choice = self.random.randrange(5)
            if choice == 0:
                payload, port = self.random.randbytes(self.random.randint(1, 4096)), self.random.choice(rtsp_ports)
            elif choice == 1:
                payload, port = b"DESCRIBE rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\nAccept: appl", self.random.choice(rtsp_ports)
            elif choice == 2:
                payload, port = self.random.randbytes(self.random.randint(1, 4096)), self.random.choice(http_ports)
            elif choice == 3:
                payload, port = b"GET /cam/index.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: webso", self.random.choice(http_ports)
            else:
                payload, port = b"SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: x\r\nTransport: " + b"A" * 20000 + b"\r\n\r\n", self.random.choice(rtsp_ports)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as peer:
                    peer.sendall(payload)
                    peer.settimeout(0.5)
                    try:
                        peer.recv(4096)
                    except OSError:
                        pass
                self._count("garbage")
            except OSError:
                pass  # the port's process may be restarting
