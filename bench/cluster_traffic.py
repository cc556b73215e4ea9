"""Bytes between cluster members, from the kernel's counters of their TCP connections, for
bench/cluster_scale.py.

`ss -tinp` lists every established TCP socket with its owner (pid) and, from tcp_info, the bytes
the peer acknowledged (bytes_acked) and the bytes received (bytes_received). A socket is a cluster
socket when it belongs to one of the given processes and either end is a member's cluster port
(Akka.Remote's connection from another member comes from an ephemeral port). Two snapshots give
each socket's deltas; a socket opened in between counts from zero. On loopback both ends of a
connection are listed, so the bytes sent by every socket add up to everything that crossed, each
byte once; a socket's kind of link (relay-relay, relay-board, board-board) comes from which
processes own its two ends."""
import re
import subprocess

SOCKET_LINE = re.compile(r"^\S+\s+\S+\s+(\S+):(\d+)\s+(\S+):(\d+)\s+users:\(\(\"[^\"]*\",pid=(\d+),")
COUNTER = re.compile(r"\b(bytes_acked|bytes_received):(\d+)")


def snapshot(pids, cluster_ports):
    """{(local port, peer port): (pid, bytes acked, bytes received)} for the cluster sockets of pids."""
    listing = subprocess.run(["ss", "-tinpH", "state", "established"], capture_output=True, text=True, check=True).stdout
    sockets = {}
    current = None
    for line in listing.splitlines():
        match = SOCKET_LINE.match(line)
        if match:
            local_host, local_port, peer_host, peer_port, pid = match.groups()
            local_port, peer_port, pid = int(local_port), int(peer_port), int(pid)
            current = None
            if pid in pids and "127.0.0.1" in local_host and (local_port in cluster_ports or peer_port in cluster_ports):
                current = (local_port, peer_port, pid)
            continue
        if current is not None:
            counters = dict(COUNTER.findall(line))
            sockets[current[:2]] = (current[2], int(counters.get("bytes_acked", 0)), int(counters.get("bytes_received", 0)))
            current = None
    return sockets


def traffic(before, after, seconds, kind_of_pid):
    """What crossed between the snapshots, in bytes per second: in all, by kind of link, and per
    process (sent and received); and how many cluster connections there were at the end."""
    by_link, by_pid = {}, {}
    total = 0.0
    for key, (pid, acked, received) in after.items():
        _, acked_before, received_before = before.get(key, (pid, 0, 0))
        sent, got = max(0, acked - acked_before), max(0, received - received_before)
        total += sent
        peer = after.get((key[1], key[0]))
        link = "-".join(sorted([kind_of_pid[pid], kind_of_pid[peer[0]] if peer else "other"]))
        by_link[link] = by_link.get(link, 0) + sent
        mine = by_pid.setdefault(pid, [0, 0])
        mine[0] += sent
        mine[1] += got
    per_second = lambda value: round(value / seconds, 1)
    return {"bytes_per_s": per_second(total),
            "by_link_bytes_per_s": {link: per_second(value) for link, value in sorted(by_link.items())},
            "by_pid": {pid: {"sent_bytes_per_s": per_second(sent), "received_bytes_per_s": per_second(got)}
                       for pid, (sent, got) in by_pid.items()},
            "connections": len(after) // 2}
