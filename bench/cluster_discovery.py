"""When each board of a fleet becomes playable on each relay, for bench/cluster_scale.py.

Each relay's control API (GET /api/v1/cluster, the boards and sessions it serves) is polled every
POLL_INTERVAL_S from a thread of its own. The first answer that lists board/session is when that
relay serves it (its session exists: DESCRIBE is answered from the board's offer). A probe then
plays rtsp://relay/board/session over TCP (DESCRIBE, SETUP, PLAY) until its first RTP packet,
which is when the session is playable there, and tears it down. Times are the wall clock
(time.time()), which the fleet's events also use. Polling the API rather than DESCRIBE-polling
150 URLs keeps the watching cheap while fifty boards start on the same two cores."""
import json
import threading
import time
import urllib.error
import urllib.request

from rtsp_client import REQUEST_TIMEOUT_S, RtspError, RtspStream

POLL_INTERVAL_S = 0.2
PROBE_ATTEMPTS = 3            # a probe that fails (a relay under load timing out) is tried again,
PROBE_RETRY_S = 0.2           # this long after
FIRST_PACKET_TIMEOUT_S = 10
# Probes playing at once, across relays: like viewers arriving, not 150 of them in the same second,
# which on two cores would starve the fifty boards' process sharing them (its pings then go
# unanswered and relays stop serving its boards). A probe waiting for a slot counts that wait.
PROBE_SLOTS = 6


class RelayEndpoint:
    """A relay as the watch sees it: its name, control API and RTSP base URL."""

    def __init__(self, name, http_port, rtsp_url):
        self.name = name
        self.api = f"http://127.0.0.1:{http_port}/api/v1/cluster"
        self.rtsp_url = rtsp_url.rstrip("/") + "/"


def cluster_view(relay):
    """The relay's answer to GET /api/v1/cluster (members, boards), or None when it did not answer."""
    try:
        with urllib.request.urlopen(relay.api, timeout=REQUEST_TIMEOUT_S) as answer:
            return json.load(answer)
    except (OSError, urllib.error.URLError, ValueError):
        return None


class DiscoveryWatch:
    """Records, per (relay, board): served (first listed by the relay's API), and playable (first
    RTP packet of a probe started then) or why the probe failed. Also, from the first relay's
    view, when every expected member was Up and reachable."""

    def __init__(self, relays, session, expected_members):
        self.relays = relays
        self.session = session
        self.expected_members = expected_members
        self.served = {}
        self.described = {}
        self.playable = {}
        self.failed = {}
        self.all_members_up = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pollers = [threading.Thread(target=self._poll, args=(relay,), daemon=True) for relay in relays]
        self._probes = []
        self._probe_slots = threading.Semaphore(PROBE_SLOTS)

    def start(self):
        for poller in self._pollers:
            poller.start()

    def stop(self):
        """Stops polling and waits for the probes still running (each is bounded in time)."""
        self._stop.set()
        for poller in self._pollers:
            poller.join()
        with self._lock:
            probes = list(self._probes)
        for probe in probes:
            probe.join()

    def settled(self, boards):
        """Every board is playable, or its probe failed, on every relay."""
        with self._lock:
            return all((relay.name, board) in self.playable or (relay.name, board) in self.failed
                       for relay in self.relays for board in boards)

    def counts(self):
        with self._lock:
            return len(self.served), len(self.playable), len(self.failed)

    def _poll(self, relay):
        first = relay is self.relays[0]
        while not self._stop.wait(POLL_INTERVAL_S):
            view = cluster_view(relay)
            if view is None:
                continue
            now = time.time()
            for board in view.get("boards", []):
                if any(session.get("session") == self.session for session in board.get("sessions", [])):
                    self._on_served(relay, board["name"], now)
            if first and self.all_members_up is None:
                up = [member for member in view.get("members", []) if member.get("status") == "Up" and member.get("reachable")]
                if len(up) >= self.expected_members:
                    self.all_members_up = now

    def _on_served(self, relay, board, now):
        key = (relay.name, board)
        with self._lock:
            if key in self.served or self._stop.is_set():
                return
            self.served[key] = now
            probe = threading.Thread(target=self._probe, args=(relay, board), daemon=True)
            self._probes.append(probe)
        probe.start()

    def _probe(self, relay, board):
        with self._probe_slots:
            self._play_until_first_packet(relay, board)

    def _play_until_first_packet(self, relay, board):
        url = f"{relay.rtsp_url}{board}/{self.session}"
        last = None
        for attempt in range(PROBE_ATTEMPTS):
            if attempt:
                time.sleep(PROBE_RETRY_S)
            try:
                stream = RtspStream(f"{relay.name} {board}", url)
            except OSError as error:
                last = f"cannot connect: {error}"
                continue
            try:
                status = stream.describe_and_setup()
                if status != 200:
                    last = f"DESCRIBE answered {status}"
                    continue
                described = time.time()
                stream.play()
                arrived = stream.wait_first_packet(time.monotonic() + FIRST_PACKET_TIMEOUT_S)
                with self._lock:
                    self.described[(relay.name, board)] = described
                    self.playable[(relay.name, board)] = arrived
                return
            except (OSError, RtspError) as error:
                last = str(error)
            finally:
                stream.close()
        with self._lock:
            self.failed[(relay.name, board)] = last
