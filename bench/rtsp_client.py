"""A small RTSP client for the benchmark scripts in bench/: one session over TCP with RTP
interleaved in the connection (DESCRIBE, SETUP of the H.264 track, PLAY), parsing RTSP and SDP
itself rather than with the server's code, so that it checks the server instead of sharing its bugs."""
import re
import select
import socket
import time
from urllib.parse import urlsplit

from benchlib import BenchError

REQUEST_TIMEOUT_S = 5          # each RTSP request, and connecting


class RtspError(BenchError):
    pass


class RtspStream:
    """One RTSP session, RTP interleaved in the connection: DESCRIBE, SETUP of the video track,
    PLAY, then feed() takes what recv() returned and yields each RTP packet of channel 0."""

    def __init__(self, name, url):
        self.name = name
        self.url = url
        self.session = None
        self.cseq = 0
        self.buffer = bytearray()
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 554), timeout=REQUEST_TIMEOUT_S)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(self, method, url, headers=None):
        self.cseq += 1
        lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self.cseq}", "User-Agent: mediaactors-bench"]
        if self.session:
            lines.append(f"Session: {self.session}")
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return self._read_response(method)

    def _read_response(self, method):
        deadline = time.monotonic() + REQUEST_TIMEOUT_S
        while True:
            message = self._take_message()
            if message is not None:
                status_line, headers, body = message
                if status_line.startswith("RTSP/") and int(headers.get("cseq", "-1")) == self.cseq:
                    status = int(status_line.split()[1])
                    return status, headers, body
                continue  # interleaved data or anything else before the answer
            if time.monotonic() > deadline:
                raise RtspError(f"{self.name}: no answer to {method} within {REQUEST_TIMEOUT_S} s")
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise RtspError(f"{self.name}: no answer to {method} within {REQUEST_TIMEOUT_S} s") from None
            if not chunk:
                raise RtspError(f"{self.name}: connection closed while waiting for the answer to {method}")
            self.buffer += chunk

    def _take_message(self):
        """Takes one RTSP message off the buffer: (start line, headers, body); drops interleaved
        packets found first (before PLAY there should be none). None if incomplete."""
        while self.buffer[:1] == b"$":
            if len(self.buffer) < 4:
                return None
            length = 4 + int.from_bytes(self.buffer[2:4], "big")
            if len(self.buffer) < length:
                return None
            del self.buffer[:length]
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].decode(errors="replace").split("\r\n")
        headers = {}
        for line in head[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        if len(self.buffer) < end + 4 + length:
            return None
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        return head[0], headers, body

    def describe_and_setup(self):
        """DESCRIBE (a relay may answer 404 or 503 until it has the camera: retried by the caller)
        and SETUP of the H.264 track; returns the DESCRIBE status when not 200."""
        status, headers, body = self.request("DESCRIBE", self.url, {"Accept": "application/sdp"})
        if status != 200:
            return status
        control = video_control(body.decode(errors="replace"), self.name)
        base = headers.get("content-base") or headers.get("content-location") or self.url
        track = control if control.startswith("rtsp://") else (
            base if control == "*" else base.rstrip("/") + "/" + control)
        status, headers, _ = self.request("SETUP", track, {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"})
        if status != 200:
            raise RtspError(f"{self.name}: SETUP {track} answered {status}")
        self.session = headers.get("session", "").split(";")[0]
        if not self.session:
            raise RtspError(f"{self.name}: SETUP answered without a Session header")
        return 200

    def play(self):
        status, _, _ = self.request("PLAY", self.url, {"Range": "npt=0.000-"})
        if status != 200:
            raise RtspError(f"{self.name}: PLAY answered {status}")
        self.sock.setblocking(False)

    def send_keepalive(self):
        """An OPTIONS in the session; its answer is skipped by feed(). Small enough never to block."""
        self.cseq += 1
        self.sock.send(f"OPTIONS {self.url} RTSP/1.0\r\nCSeq: {self.cseq}\r\nSession: {self.session}\r\n\r\n".encode())

    def feed(self, chunk):
        """RTP packets of channel 0 completed by chunk; RTCP and RTSP answers are skipped."""
        self.buffer += chunk
        buffer, position, packets = self.buffer, 0, []
        while position < len(buffer):
            if buffer[position] == 0x24:
                if len(buffer) - position < 4:
                    break
                end = position + 4 + int.from_bytes(buffer[position + 2:position + 4], "big")
                if end > len(buffer):
                    break
                if buffer[position + 1] == 0:
                    packets.append(bytes(buffer[position + 4:end]))
                position = end
            else:
                del buffer[:position]
                position = 0
                if self._take_message() is None:
                    if len(buffer) > 65536:
                        raise RtspError(f"{self.name}: unparseable data in the connection")
                    break
        del buffer[:position]
        return packets

    def wait_first_packet(self, deadline):
        """After play(): waits until the first RTP packet of channel 0 comes, or raises at the
        monotonic deadline; returns the wall-clock time (time.time()) it came at."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RtspError(f"{self.name}: no RTP packet after PLAY")
            ready, _, _ = select.select([self.sock], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = self.sock.recv(65536)
            except BlockingIOError:
                continue
            if not chunk:
                raise RtspError(f"{self.name}: connection closed before the first RTP packet")
            if self.feed(chunk):
                return time.time()

    def close(self):
        try:
            self.sock.setblocking(True)
            self.sock.settimeout(1)
            if self.session:
                self.cseq += 1
                self.sock.sendall(f"TEARDOWN {self.url} RTSP/1.0\r\nCSeq: {self.cseq}\r\nSession: {self.session}\r\n\r\n".encode())
        except OSError:
            pass
        finally:
            self.sock.close()


def video_control(sdp, name):
    """The a=control of the SDP's H.264 video section."""
    sections = re.split(r"\r?\n(?=m=)", sdp)
    for section in sections[1:]:
        if section.startswith("m=video") and re.search(r"a=rtpmap:\d+ H264/", section, re.IGNORECASE):
            match = re.search(r"^a=control:(\S+)", section, re.MULTILINE)
            return match.group(1) if match else "*"
    raise RtspError(f"{name}: no H.264 video in the SDP")


def open_stream(name, url, deadline):
    """Connects, DESCRIBEs until the server has the stream (a relay that just started may not yet),
    and SETUPs, until the monotonic deadline; the caller PLAYs."""
    last = None
    while True:
        try:
            stream = RtspStream(name, url)
        except OSError as error:
            last = f"cannot connect: {error}"
        else:
            try:
                status = stream.describe_and_setup()
                if status == 200:
                    return stream
                last = f"DESCRIBE answered {status}"
            except (OSError, RtspError) as error:
                last = str(error)
            stream.close()
        if time.monotonic() > deadline:
            raise RtspError(f"{name} {url} not playable in time: {last}")
        time.sleep(0.25)
