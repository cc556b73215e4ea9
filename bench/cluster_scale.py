#!/usr/bin/python3
"""Benchmark: a cluster of many boards and three relays on this machine, measured.

1. Discovery: three `mediaactors relay` processes form a cluster; then bench/BoardFleet starts N
   boards (50) in one process, each an actor system of its own with the board role and a looped
   320x240 H.264 session, joined to the relays over loopback. For every board and relay: when the
   relay serves board/test (its control API lists it) and when it is playable there (a probe's
   DESCRIBE, SETUP and PLAY until its first RTP packet), counted from that board's start.
2. At rest: with no viewer left (these relays have no linger: bench/mediaactors-cluster-scale.conf),
   the bytes crossing the cluster's TCP connections over a window, from the kernel's counters
   (bench/cluster_traffic.py), and the CPU of the relays and of the fleet.
3. Relay cost: CLIENTS (200) RTSP UDP clients of one 720p board session through a relay (a
   `mediaactors board --source file:` process and a relay) against the same file served by
   `mediaactors serve` directly and by gst-rtsp-server; server CPU over the load client's window,
   as CPU seconds per client-minute, and the ratios.

Prints a report and writes it, with the raw numbers, to bench/out/cluster-scale-*.md/json.
Run it through bench/cluster-scale.sh, which installs the packages and builds what this needs."""
import argparse
import datetime
import os
import statistics
import sys
import time

import cluster_traffic
from benchlib import (BENCH_CONFIG, HOST_DLL, LOAD_CLIENT_DLL, OUT, REPO, STREAM, STREAM_SECONDS, BenchError, UsageSampler,
                      check_port_free, cpu_ticks, gst_command, load_client_argv, machine, markdown_table, number, percentile,
                      prepare_stream, require_built, rss_kib, run_load_client_sampling, run_main, serve_command, start_process,
                      start_server, stop_process, write_results)
from cluster_discovery import DiscoveryWatch, RelayEndpoint, cluster_view
from rtsp_client import open_stream

FLEET_DLL = REPO / "bench/BoardFleet/bin/Release/net10.0/boardfleet.dll"
DISCOVERY_RELAY_CONFIG = REPO / "bench/mediaactors-cluster-scale.conf"
SESSION = "test"
RELAYS = 3
CLUSTER_FORM_TIMEOUT_S = 60
FLEET_STOP_TIMEOUT_S = 40      # the boards leave the cluster together (the fleet gives them 30 s)
LOAD_CLIENT_GRACE_S = 90
QUIET_POLL_S = 5


# --- ports --------------------------------------------------------------------------------

class Ports:
    """Every port the benchmark listens on, from --port-base (29000: 29001-29003 relays' RTSP,
    29011-29013 their cluster, 29021-29023 their HTTP, 29031-29035 the relay-cost servers, and
    29101 on the boards' cluster ports)."""

    def __init__(self, base, boards):
        self.relay_rtsp = [base + 1 + i for i in range(RELAYS)]
        self.relay_cluster = [base + 11 + i for i in range(RELAYS)]
        self.relay_http = [base + 21 + i for i in range(RELAYS)]
        self.cost_relay_rtsp, self.cost_relay_cluster, self.cost_board_cluster = base + 31, base + 32, base + 33
        self.cost_serve, self.cost_gst = base + 34, base + 35
        self.board_base = base + 100
        self.boards = [self.board_base + 1 + i for i in range(boards)]

    def all(self):
        return [*self.relay_rtsp, *self.relay_cluster, *self.relay_http, self.cost_relay_rtsp, self.cost_relay_cluster,
                self.cost_board_cluster, self.cost_serve, self.cost_gst, *self.boards]


# --- commands -----------------------------------------------------------------------------

def relay_command(rtsp_port, cluster_port, http_port, seed_port=None, config=BENCH_CONFIG):
    command = ["dotnet", str(HOST_DLL), "relay", "--port", str(rtsp_port), "--bind", "127.0.0.1",
               "--cluster-port", str(cluster_port), "--http-port", str(http_port), "--config", str(config)]
    return command + (["--seed", f"127.0.0.1:{seed_port}"] if seed_port else [])


def board_command(name, cluster_port, seed_port, source):
    """A board process that serves no RTSP itself (--rtsp-port 0): its clients are the relay's."""
    return ["dotnet", str(HOST_DLL), "board", "--name", name, "--rtsp-port", "0", "--http-port", "0",
            "--cluster-port", str(cluster_port), "--seed", f"127.0.0.1:{seed_port}", "--source", source,
            "--config", str(BENCH_CONFIG)]


def fleet_command(args, ports):
    seeds = [f"127.0.0.1:{port}" for port in ports.relay_cluster]
    return ["dotnet", str(FLEET_DLL), "--boards", str(args.boards), "--seed", *seeds, "--port-base", str(ports.board_base),
            "--session", SESSION, "--start-interval-ms", str(args.start_interval_ms), "--start-parallelism", str(args.start_parallelism)]


# --- waiting ------------------------------------------------------------------------------

def wait_quiet(args, what):
    """This machine is shared: waits up to --quiet-timeout for the 1-minute load average to drop
    below --max-load before a measurement, and returns the load average it starts at."""
    deadline = time.monotonic() + args.quiet_timeout
    announced = False
    while os.getloadavg()[0] >= args.max_load and time.monotonic() < deadline:
        if not announced:
            print(f"{what}: waiting for the load average ({os.getloadavg()[0]:.2f}) to drop below {args.max_load}",
                  file=sys.stderr, flush=True)
            announced = True
        time.sleep(QUIET_POLL_S)
    return round(os.getloadavg()[0], 2)


def check_alive(processes):
    """processes: {name: (process, log path)}; a member that exited ends the benchmark."""
    for name, (process, log_path) in processes.items():
        if process.poll() is not None:
            raise BenchError(f"{name} exited with {process.returncode}; see {log_path} "
                             f"(a node the cluster downed logs 'has been marked as DOWN')")


# --- 1 and 2: discovery, and the cluster at rest -------------------------------------------

def start_relays(ports, processes):
    """Relay 1 starts the cluster, the others join it; returns their endpoints once all three are Up."""
    endpoints = []
    for index in range(RELAYS):
        name = f"relay-{index + 1}"
        seed = ports.relay_cluster[0] if index else None
        process, url, log_path = start_server(
            relay_command(ports.relay_rtsp[index], ports.relay_cluster[index], ports.relay_http[index], seed, DISCOVERY_RELAY_CONFIG),
            OUT / f"cluster-scale-{name}")
        processes[name] = (process, log_path)
        endpoints.append(RelayEndpoint(name, ports.relay_http[index], url))
    deadline = time.monotonic() + CLUSTER_FORM_TIMEOUT_S
    while True:
        check_alive(processes)
        view = cluster_view(endpoints[0])
        if view and sum(member["status"] == "Up" for member in view.get("members", [])) >= RELAYS:
            return endpoints
        if time.monotonic() > deadline:
            raise BenchError(f"the relays did not form a cluster of {RELAYS} within {CLUSTER_FORM_TIMEOUT_S} s")
        time.sleep(0.2)


def fleet_events(path):
    """The fleet's stdout: {event: {board: unix seconds}} (starting, started, up, and downed: the
    cluster downed the board), and its boards' cluster ports."""
    events, ports = {"starting": {}, "started": {}, "up": {}, "downed": {}}, []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        if parts[0] in events:
            events[parts[0]][parts[1]] = int(parts[2]) / 1000
            if parts[0] == "started":
                ports.append(int(parts[3]))
        elif parts[0] == "stopped" and parts[3:] == ["downed"]:
            events["downed"][parts[1]] = int(parts[2]) / 1000
    return events, ports


def spread(values):
    """p50, p95 and max of values in seconds, as milliseconds."""
    ordered = sorted(values)
    if not ordered:
        return {"p50": None, "p95": None, "max": None}
    return {"p50": round(percentile(ordered, 0.5) * 1000), "p95": round(percentile(ordered, 0.95) * 1000), "max": round(ordered[-1] * 1000)}


def discovery_results(args, endpoints, events, watch, launched):
    boards = sorted(events["starting"])
    relays = [relay.name for relay in endpoints]
    start = events["starting"]
    everywhere = lambda record, board: max(record[(relay, board)] for relay in relays) if all(
        (relay, board) in record for relay in relays) else None
    served_all = {board: everywhere(watch.served, board) for board in boards}
    playable_all = {board: everywhere(watch.playable, board) for board in boards}
    complete = [board for board in boards if playable_all[board] is not None]
    first_start = min(start.values())
    last_playable = max(playable_all[board] for board in complete) if complete else None
    missing = {f"{relay}/{board}": watch.failed.get((relay, board), "not served")
               for board in boards for relay in relays if (relay, board) not in watch.playable}
    return {
        "boards": len(boards), "boards_playable_everywhere": len(complete),
        "starts_spread_ms": round((max(start.values()) - first_start) * 1000),
        "up_ms": spread([events["up"][board] - start[board] for board in boards if board in events["up"]]),
        "served_everywhere_ms": spread([served_all[board] - start[board] for board in boards if served_all[board]]),
        "playable_everywhere_ms": spread([playable_all[board] - start[board] for board in complete]),
        "playable_each_relay_ms": spread([watch.playable[(relay, board)] - start[board] for (relay, board) in watch.playable]),
        "describe_to_first_packet_ms": spread([watch.playable[key] - watch.described[key] for key in watch.playable]),
        "all_playable_after_first_start_ms": round((last_playable - first_start) * 1000) if last_playable and len(complete) == len(boards) else None,
        "all_playable_after_launch_ms": round((last_playable - launched) * 1000) if last_playable and len(complete) == len(boards) else None,
        "all_members_up_after_first_start_ms": round((watch.all_members_up - first_start) * 1000) if watch.all_members_up else None,
        "missing": missing,
        "downed_boards": sorted(events["downed"]),
    }


def measure_rest(args, processes, cluster_ports, kind_of_pid):
    """Bytes between members and CPU of every process over --rest seconds with no viewer."""
    pids = {process.pid: name for name, (process, _) in processes.items()}
    check_alive(processes)
    before = cluster_traffic.snapshot(set(pids), cluster_ports)
    ticks = {pid: cpu_ticks(pid) for pid in pids}
    started = time.monotonic()
    time.sleep(args.rest)
    check_alive(processes)
    after = cluster_traffic.snapshot(set(pids), cluster_ports)
    seconds = time.monotonic() - started
    cpu = {pids[pid]: round(100 * (cpu_ticks(pid) - ticks[pid]) / os.sysconf("SC_CLK_TCK") / seconds, 1) for pid in pids}
    rss = {pids[pid]: round(rss_kib(pid) / 1024, 1) for pid in pids}
    moved = cluster_traffic.traffic(before, after, seconds, kind_of_pid)
    moved["by_process"] = {pids[pid]: figures for pid, figures in moved.pop("by_pid").items()}
    return {"window_s": round(seconds, 1), **moved, "cpu_percent": cpu, "rss_mib": rss}


def log_counts(processes, *phrases):
    """How often each phrase appears in the members' logs (the fleet's included)."""
    counts = {}
    for name, (_, log_path) in processes.items():
        text = log_path.read_text(errors="replace")
        counts[name] = {phrase: text.count(phrase) for phrase in phrases}
    return counts


def discovery_and_rest(args, ports):
    processes = {}
    loadavg = wait_quiet(args, "discovery")
    try:
        endpoints = start_relays(ports, processes)
        print(f"Relays up; starting {args.boards} boards", file=sys.stderr, flush=True)
        watch = DiscoveryWatch(endpoints, SESSION, RELAYS + args.boards)
        watch.start()
        fleet_out, fleet_log = OUT / "cluster-scale-fleet.stdout", OUT / "cluster-scale-fleet.log"
        launched = time.time()
        with open(fleet_out, "wb") as stdout, open(fleet_log, "wb") as log:
            fleet = start_process(fleet_command(args, ports), stdout, log)
        processes["fleet"] = (fleet, fleet_log)
        deadline = time.monotonic() + args.discovery_timeout
        boards = None
        next_progress = time.monotonic() + 10
        try:
            while True:
                check_alive(processes)
                events, _ = fleet_events(fleet_out)
                if len(events["starting"]) == args.boards:
                    boards = sorted(events["starting"])
                    # Also until the membership has converged: while boards keep joining it may not, and
                    # relays serve boards that are only WeaklyUp.
                    if watch.settled(boards) and watch.all_members_up is not None:
                        break
                if time.monotonic() > deadline:
                    print(f"Not every board is playable on every relay after {args.discovery_timeout} s; going on",
                          file=sys.stderr, flush=True)
                    break
                if time.monotonic() > next_progress:
                    served, playable, failed = watch.counts()
                    print(f"  {len(events['started'])} boards started, {len(events['up'])} up; {served} served, "
                          f"{playable} playable, {failed} failed of {args.boards * RELAYS}; load {os.getloadavg()[0]:.1f}",
                          file=sys.stderr, flush=True)
                    next_progress += 10
                time.sleep(0.2)
        finally:
            watch.stop()
        events, board_ports = fleet_events(fleet_out)
        discovery = discovery_results(args, endpoints, events, watch, launched)
        if events["downed"]:
            print(f"The cluster downed {len(events['downed'])} boards during discovery (an overloaded machine?); "
                  "the figures below are not those of a healthy cluster", file=sys.stderr, flush=True)
        discovery["loadavg_1m_at_start"] = loadavg
        discovery["loadavg_1m_at_end"] = round(os.getloadavg()[0], 2)
        # The relays of this part have no linger (DISCOVERY_RELAY_CONFIG): no probe's stream crosses now.
        print(f"Discovery done; at rest for {args.rest_settle} s, then measuring {args.rest} s", file=sys.stderr, flush=True)
        time.sleep(args.rest_settle)
        kind_of_pid = {process.pid: "board" if name == "fleet" else "relay" for name, (process, _) in processes.items()}
        rest = measure_rest(args, processes, set(ports.relay_cluster) | set(board_ports), kind_of_pid)
        rest["loadavg_1m_at_end"] = round(os.getloadavg()[0], 2)
        rest["downed_boards"] = sorted(fleet_events(fleet_out)[0]["downed"])
        view = cluster_view(endpoints[0]) or {}
        rest["members_up_and_reachable"] = sum(1 for member in view.get("members", []) if member.get("status") == "Up" and member.get("reachable"))
        rest["members"] = len(view.get("members", []))
        stability = log_counts(processes, "Marking node(s) as UNREACHABLE", "Downing", "cannot be reached from this relay")
        # The leader (a relay: the lowest address) logs each member it moves to WeaklyUp or Up.
        moves = log_counts(processes, "to [WeaklyUp]", "to [Up]")
        discovery["leader_moves"] = {"WeaklyUp": sum(counts["to [WeaklyUp]"] for counts in moves.values()),
                                     "Up": sum(counts["to [Up]"] for counts in moves.values())}
        return discovery, rest, stability
    finally:
        if "fleet" in processes:
            stop_process(processes["fleet"][0], FLEET_STOP_TIMEOUT_S)
        for name, (process, _) in processes.items():
            stop_process(process)


# --- 3: what a relay costs per client ------------------------------------------------------

def wait_relayed(url, deadline, processes):
    """Until the relay answers DESCRIBE for the board's session."""
    while True:
        check_alive(processes)
        try:
            open_stream("relay", url, min(deadline, time.monotonic() + 5)).close()
            return
        except BenchError:
            if time.monotonic() > deadline:
                raise BenchError(f"{url} was not served within {CLUSTER_FORM_TIMEOUT_S} s")


def load(args, url, samplers, prefix):
    argv = load_client_argv(f"dotnet {LOAD_CLIENT_DLL}", url, args.clients, "udp", args.duration,
                            "--warm-up", "2", "--settle", str(args.settle))
    return run_load_client_sampling(argv, samplers, prefix, args.duration + LOAD_CLIENT_GRACE_S)


def cost_through_relay(args, ports, prefix):
    processes = {}
    try:
        relay, relay_url, relay_log = start_server(
            relay_command(ports.cost_relay_rtsp, ports.cost_relay_cluster, 0), prefix.with_name(prefix.name + "-relay"))
        processes["relay"] = (relay, relay_log)
        board_log = prefix.with_name(prefix.name + "-board.log")
        with open(prefix.with_name(prefix.name + "-board.stdout"), "wb") as stdout, open(board_log, "wb") as log:
            board = start_process(board_command("cam", ports.cost_board_cluster, ports.cost_relay_cluster, f"file:{STREAM}"), stdout, log)
        processes["board"] = (board, board_log)
        url = f"{relay_url.rstrip('/')}/cam/{SESSION}"
        wait_relayed(url, time.monotonic() + CLUSTER_FORM_TIMEOUT_S, processes)
        relay_sampler, board_sampler = UsageSampler(relay.pid, relay_log), UsageSampler(board.pid)
        result = load(args, url, [relay_sampler, board_sampler], prefix)
        check_alive(processes)
        return result, {"relay": relay_sampler.result, "board": board_sampler.result}
    finally:
        for process, _ in processes.values():
            stop_process(process)


def cost_direct(args, command, prefix):
    process, url, log_path = start_server(command, prefix)
    try:
        sampler = UsageSampler(process.pid, log_path)
        result = load(args, url, [sampler], prefix)
        check_alive({prefix.name: (process, log_path)})
        return result, {"server": sampler.result}
    finally:
        stop_process(process)


def cpu_seconds_per_client_minute(cpu_percent, served):
    """% of one core held for a minute is cpu_percent / 100 * 60 CPU seconds, shared by the clients."""
    return round(cpu_percent / 100 * 60 / served, 4) if served else None


def relay_cost(args, ports):
    variants = {
        "relay": lambda prefix: cost_through_relay(args, ports, prefix),
        "serve": lambda prefix: cost_direct(args, serve_command(f"file:{STREAM}", ports.cost_serve), prefix),
        "gst": lambda prefix: cost_direct(args, gst_command(ports.cost_gst, "--file", str(STREAM)), prefix),
    }
    runs = []
    for round_index in range(args.repeat):
        for key in args.cost_variants:
            loadavg = wait_quiet(args, f"relay cost, {key}, round {round_index + 1}")
            print(f"Relay cost, round {round_index + 1}: {key}, {args.clients} UDP clients", file=sys.stderr, flush=True)
            loaded, usage = variants[key](OUT / f"cluster-scale-cost-{key}-{round_index + 1}")
            served = loaded["clients_served"]
            server_cpu = usage["relay"]["cpu_percent"] if key == "relay" else usage["server"]["cpu_percent"]
            runs.append({"variant": key, "round": round_index + 1, "loadavg_1m_at_start": loadavg, "load": loaded, "usage": usage,
                         "cpu_percent": server_cpu,
                         "cpu_s_per_client_minute": cpu_seconds_per_client_minute(server_cpu, served),
                         "with_board_cpu_s_per_client_minute": cpu_seconds_per_client_minute(
                             server_cpu + usage["board"]["cpu_percent"], served) if key == "relay" else None})
    return runs


# --- the report ---------------------------------------------------------------------------

def ms(value):
    return "n/a" if value is None else f"{value / 1000:.2f} s"


def discovery_section(args, discovery):
    rows = [["from a board's start to", "p50", "p95", "max"]]
    for key, label in [("up_ms", "Up in the cluster (the board's own view)"),
                       ("served_everywhere_ms", f"served by all {RELAYS} relays (API lists it)"),
                       ("playable_everywhere_ms", f"playable on all {RELAYS} relays (first RTP packet)"),
                       ("playable_each_relay_ms", "playable on one relay (each board x relay)")]:
        figures = discovery[key]
        rows.append([label, ms(figures["p50"]), ms(figures["p95"]), ms(figures["max"])])
    lines = [f"## Discovery: {discovery['boards']} boards, {RELAYS} relays", "",
             f"Boards started {args.start_interval_ms} ms apart at the soonest, {args.start_parallelism} being created at a time (the starts spread over "
             f"{ms(discovery['starts_spread_ms'])}); load average {discovery['loadavg_1m_at_start']} at the start, "
             f"{discovery['loadavg_1m_at_end']} at the end.", "",
             markdown_table(rows), "",
             f"- All {discovery['boards']} boards playable on all {RELAYS} relays "
             f"{ms(discovery['all_playable_after_first_start_ms'])} after the first board started "
             f"({ms(discovery['all_playable_after_launch_ms'])} after the fleet process was launched); "
             f"{discovery['boards_playable_everywhere']} of {discovery['boards']} boards made it.",
             f"- Every member Up and reachable in relay-1's view (the membership converged) "
             f"{ms(discovery['all_members_up_after_first_start_ms'])} after the first start; "
             f"until then, relays serve boards that are WeaklyUp. The leader moved {discovery['leader_moves']['WeaklyUp']} "
             f"members to WeaklyUp (Akka does after allow-weakly-up-members, 7 s, when the membership has not converged) "
             f"and {discovery['leader_moves']['Up']} to Up.",
             f"- DESCRIBE answered to first RTP packet (the relay starting to pull): p50 {ms(discovery['describe_to_first_packet_ms']['p50'])}, "
             f"max {ms(discovery['describe_to_first_packet_ms']['max'])}."]
    if discovery["downed_boards"]:
        lines.append(f"- **The cluster downed {len(discovery['downed_boards'])} boards during discovery** "
                     f"({', '.join(discovery['downed_boards'])}): not the figures of a healthy cluster.")
    if discovery["missing"]:
        lines.append(f"- Not playable: {', '.join(f'{key} ({why})' for key, why in sorted(discovery['missing'].items()))}.")
    return lines


def rest_section(args, rest, stability):
    boards = args.boards
    fleet = rest["by_process"].get("fleet", {"sent_bytes_per_s": 0, "received_bytes_per_s": 0})
    rows = [["process", "sends B/s", "receives B/s", "CPU % (one core)", "RSS MiB"]]
    for name in sorted(rest["cpu_percent"]):
        moved = rest["by_process"].get(name, {"sent_bytes_per_s": 0, "received_bytes_per_s": 0})
        rows.append([name if name != "fleet" else f"fleet ({boards} boards)", number(moved["sent_bytes_per_s"]),
                     number(moved["received_bytes_per_s"]), number(rest["cpu_percent"][name]), number(rest["rss_mib"][name])])
    links = ", ".join(f"{link} {value / 1000:.1f} kB/s" for link, value in rest["by_link_bytes_per_s"].items())
    unstable = {name: counts for name, counts in stability.items() if any(counts.values())}
    return [f"## At rest: no viewer, {rest['window_s']} s", "",
            f"Bytes acknowledged on every cluster TCP connection (ss -tin, both ends on loopback), {rest['connections']} connections: "
            f"**{rest['bytes_per_s'] / 1000:.1f} kB/s in all** ({rest['bytes_per_s'] * 8 / 1e6:.2f} Mbit/s), "
            f"{rest['bytes_per_s'] / (boards + RELAYS) / 1000:.2f} kB/s per member; by link: {links}.",
            f"The fleet's boards send {fleet['sent_bytes_per_s'] / boards:.0f} B/s each on average. "
            f"{rest['members_up_and_reachable']} of {rest['members']} members Up and reachable at the end "
            f"({len(rest['downed_boards'])} boards downed since the start); load average {rest['loadavg_1m_at_end']}.", "",
            markdown_table(rows), "",
            "Unreachable marks, downings and relay link losses logged over the whole run: " +
            ("none" if not unstable else "; ".join(f"{name}: " + ", ".join(f"{count} x '{phrase}'" for phrase, count in counts.items() if count)
                                                   for name, counts in unstable.items())) + "."]


VARIANT_NAMES = {"relay": "through a relay (relay process)", "serve": "mediaactors serve", "gst": "gst-rtsp-server"}


def cost_section(args, runs):
    by_variant = {}
    for run in runs:
        by_variant.setdefault(run["variant"], []).append(run)
    medians = {key: statistics.median(run["cpu_s_per_client_minute"] for run in rounds if run["cpu_s_per_client_minute"])
               for key, rounds in by_variant.items()}
    rows = [["server", "served", "loss %", "Mbit/s per client", "CPU % (one core), each round", "CPU s per client-minute (median)", "÷ serve"]]
    for key, rounds in by_variant.items():
        loads = [run["load"] for run in rounds]
        rows.append([VARIANT_NAMES[key], "/".join(str(load["clients_served"]) for load in loads),
                     "/".join(number(load["loss_percent"]) for load in loads), "/".join(number(load["mbps_per_client"]) for load in loads),
                     ", ".join(number(run["cpu_percent"]) for run in rounds), f"{medians[key]:.4f}",
                     f"{medians[key] / medians['serve']:.2f}" if "serve" in medians else "n/a"])
    if "relay" in by_variant:
        with_board = statistics.median(run["with_board_cpu_s_per_client_minute"] for run in by_variant["relay"])
        board = ", ".join(number(run["usage"]["board"]["cpu_percent"]) for run in by_variant["relay"])
        rows.append(["relay + its board", "", "", "", f"board alone: {board}", f"{with_board:.4f}",
                     f"{with_board / medians['serve']:.2f}" if "serve" in medians else "n/a"])
    per_round = []
    if "relay" in by_variant and "serve" in by_variant:
        per_round = [f"{relay['cpu_s_per_client_minute'] / serve['cpu_s_per_client_minute']:.2f}"
                     for relay, serve in zip(by_variant["relay"], by_variant["serve"])]
    return [f"## Relay cost: {args.clients} RTSP UDP clients of one 720p session", "",
            f"{STREAM.name}: 1280x720 30 fps H.264, 4 Mbit/s, looped; each variant a fresh process per round, "
            f"{args.duration} s windows after {args.settle} s of settling; {args.repeat} round(s), in the order "
            f"{', '.join(args.cost_variants)}. CPU: utime + stime of the serving process over the window.", "",
            markdown_table(rows), "",
            f"Relay ÷ serve, each round: {', '.join(per_round) or 'n/a'}."]


def report(args, stream, discovery, rest, stability, cost, started):
    lines = [f"# Cluster at scale {started:%Y-%m-%d %H:%M}", "", f"Machine: {machine()}.", ""]
    if discovery is not None:
        lines += discovery_section(args, discovery) + [""] + rest_section(args, rest, stability) + [""]
    if cost is not None:
        lines += cost_section(args, cost) + [""]
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("boards", type=int, nargs="?", default=50, help="boards in the fleet (default 50)")
    parser.add_argument("clients", type=int, nargs="?", default=200, help="RTSP UDP clients of the relay-cost part (default 200)")
    parser.add_argument("--only", choices=["discovery", "cost"], help="run only the discovery and rest parts, or only the relay cost")
    parser.add_argument("--start-interval-ms", type=int, default=500,
                        help="from one board's start to the next, at the soonest (default 500: fifty boards joining within 5 s "
                             "starve this machine's two cores, and the fleet's boards stop answering in time; 0: each as soon "
                             "as the one before is created)")
    parser.add_argument("--start-parallelism", type=int, default=1,
                        help="boards being created at once (default 1: creating an actor system takes a core for a moment, "
                             "and the other core is left to the cluster)")
    parser.add_argument("--discovery-timeout", type=int, default=240, help="seconds for every board to become playable everywhere (default 240)")
    parser.add_argument("--rest", type=int, default=30, help="seconds measured at rest (default 30)")
    parser.add_argument("--rest-settle", type=int, default=10,
                        help="seconds waited after the last probe left before the rest window (default 10)")
    parser.add_argument("--duration", type=int, default=30, help="seconds each relay-cost load is measured (default 30)")
    parser.add_argument("--settle", type=int, default=20,
                        help="seconds from the last relay-cost client playing to the window (default 20: until then the "
                             "runtime is still recompiling the relay's remoting path, 7 %% of its samples in the JIT)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the relay-cost variants (default 3)")
    parser.add_argument("--cost-variants", default="relay,serve,gst", help="which relay-cost variants, in order (default relay,serve,gst)")
    parser.add_argument("--max-load", type=float, default=2.0,
                        help="before each measurement, wait for the 1-minute load average to drop below this (default 2.0)")
    parser.add_argument("--quiet-timeout", type=int, default=300, help="wait at most this many seconds for it (default 300)")
    parser.add_argument("--port-base", type=int, default=29000, help="ports used: see Ports in this script (default 29000)")
    args = parser.parse_args()
    args.cost_variants = [key.strip() for key in args.cost_variants.split(",") if key.strip()]
    if not set(args.cost_variants) <= {"relay", "serve", "gst"} or not args.cost_variants:
        parser.error("--cost-variants takes relay, serve and gst, comma-separated")
    if args.boards < 1 or args.clients < 1 or args.repeat < 1:
        parser.error("boards, clients and --repeat must be at least 1")
    return args


def main():
    args = parse_args()
    started = datetime.datetime.now()

    def body():
        require_built(HOST_DLL, "dotnet build src/Host -c Release")
        require_built(LOAD_CLIENT_DLL, "dotnet build bench/LoadClient -c Release")
        require_built(FLEET_DLL, "dotnet build bench/BoardFleet -c Release")
        ports = Ports(args.port_base, args.boards)
        for port in ports.all():
            check_port_free(port, "choose others with --port-base")
        stream = prepare_stream(STREAM, STREAM_SECONDS) if args.only != "discovery" else None
        discovery = rest = stability = cost = None
        if args.only != "cost":
            discovery, rest, stability = discovery_and_rest(args, ports)
        if args.only != "discovery":
            cost = relay_cost(args, ports)
        raw = {"started": started.isoformat(timespec="seconds"), "machine": machine(), "args": vars(args), "stream": stream,
               "discovery": discovery, "rest": rest, "stability": stability, "cost": cost}
        write_results(f"cluster-scale-{started:%Y-%m-%d-%H%M%S}", report(args, stream, discovery, rest, stability, cost, started), raw)

    run_main("cluster-scale", body)


if __name__ == "__main__":
    main()
