"""TCP rows: echo throughput (1 and 64 connections), 64-byte ping-pong (1 and 100), TLS echo,
all verified byte for byte by the Java load clients, and iperf3 as the loopback ceiling."""
import json
import os
import subprocess
from contextlib import ExitStack

from common import BENCH, PYTHON, Row, bench_main, load_main, torsion_command, torsion_env
from procs import CLIENT_CORE, BenchError, Server, finish, free_port, read_line, rotated

STREAM_CONNS = (1, 64)
PING_CONNS = (1, 100)
TLS_CONNS = (1, 16)
PING_SIZE = 64


def start_echo(name, tls_pem=None):
    port = free_port()
    tls = ["--tls", tls_pem] if tls_pem else []
    if name == "torsion":
        return Server(name, bench_main("TorsionEchoServer", port, *tls), port)
    if name == "torsion-runner":  # the stock plugin under the runner's own JVM flags (idle rows)
        listen = (f"ssl:{port}:privateKey={tls_pem}:interface=127.0.0.1:backlog=4096" if tls_pem
                  else f"tcp:{port}:interface=127.0.0.1:backlog=4096")
        return Server(name, torsion_command("echo", "--listen", listen, "--udp", "none"), port,
                      env=torsion_env())
    if name in ("netty-nio", "netty-epoll"):
        return Server(name, bench_main("NettyEchoServer", port, name[6:], *tls), port)
    if name == "twisted":
        return Server(name, [PYTHON, os.path.join(BENCH, "peers", "twisted_echo.py"), str(port)], port)
    raise ValueError(name)


def measure(phases, srv, argv, settings, runs=None):
    """Runs a marking load client (EchoLoad/TlsEchoLoad) through its phases, in order: each
    phase prints mark then one run line per interval; per_op turns bytes into (value, ops)."""
    proc = subprocess.Popen(["taskset", "-c", CLIENT_CORE] + argv, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        for fig, per_op in phases:
            if read_line(proc, settings.warmup_first + 60) != "mark":
                raise BenchError("load client: expected mark")
            cpu0 = srv.cpu()
            for _ in range(settings.runs if runs is None else runs):
                line = read_line(proc, settings.seconds + 30).split()
                cpu1 = srv.cpu()
                moved, wall = int(line[1]), float(line[2])
                value, ops = per_op(moved, wall)
                fig.add(value, cpu1 - cpu0, ops, wall)
                cpu0 = cpu1
        finish(proc)
        srv.check_alive()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def mb_per_s(moved, wall):
    return moved / wall / 1e6, moved / 1e6


def round_trips(moved, wall):
    return moved / PING_SIZE / wall, moved / PING_SIZE


def timing(settings, warmup=None, warmup_first=None, runs=None):
    return ["--warmup-first", settings.warmup_first if warmup_first is None else warmup_first,
            "--warmup", settings.warmup if warmup is None else warmup,
            "--seconds", settings.seconds, "--runs", settings.runs if runs is None else runs]


def iperf3(rows, settings, log):
    for c, row in rows.items():
        log(f"iperf3: {c} streams")
        fig = row.figure("iperf3")
        port = free_port()
        try:
            with Server("iperf3", ["iperf3", "-s", "-p", str(port)], port) as srv:
                for _ in range(settings.runs):
                    cpu0 = srv.cpu()
                    out = subprocess.run(
                        ["taskset", "-c", CLIENT_CORE, "iperf3", "-c", "127.0.0.1", "-p", str(port),
                         "-t", str(max(1, int(settings.seconds))), "-P", str(c), "-J"],
                        capture_output=True, text=True, timeout=60).stdout
                    cpu = srv.cpu() - cpu0
                    end = json.loads(out)["end"]
                    wall = end["sum_received"]["seconds"]
                    moved = end["sum_received"]["bytes"]
                    fig.add(moved / wall / 1e6, cpu, moved / 1e6, wall)
        except (BenchError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
            fig.error = str(e)
            log(f"  iperf3: {e}")


def interleaved_echo(servers, stream, ping, settings, log):
    """Every echo server runs at once (each idle while another is measured) and each round runs
    one load client per server through every phase, the order rotating each round: load from
    elsewhere on a shared machine then falls on all servers alike, as in the HTTP rows, instead
    of on whichever server came last. A fresh client warms up before each phase; each server
    gets the long warm-up once, in the first round."""
    plan = [f"stream:{c}" for c in stream] + [f"pingpong:{c}" for c in ping]
    with ExitStack() as stack:
        live = {}
        for name in servers:
            try:
                live[name] = stack.enter_context(start_echo(name))
            except (BenchError, OSError, subprocess.SubprocessError) as e:
                fail(name, stream, ping, e, log)
        names = list(live)
        for r in range(settings.runs):
            order = rotated(names, r)
            log(f"echo round {r + 1}/{settings.runs}: {', '.join(n for n in order if n in live)}")
            for name in order:
                srv = live.get(name)
                if srv is None:
                    continue
                phases = ([(row.figure(name), mb_per_s) for row in stream.values()]
                          + [(row.figure(name), round_trips) for row in ping.values()])
                try:
                    measure(phases, srv, load_main(
                        "EchoLoad", "--port", srv.port, "--plan", ",".join(plan), "--size", PING_SIZE,
                        *timing(settings, warmup_first=settings.warmup_first if r == 0 else settings.warmup,
                                runs=1)), settings, runs=1)
                except (BenchError, OSError, subprocess.SubprocessError) as e:
                    fail(name, stream, ping, e, log)
                    del live[name]


def fail(name, stream, ping, e, log):
    for row in list(stream.values()) + list(ping.values()):
        if not row.figure(name).values:
            row.figure(name).error = str(e)
    log(f"  {name}: {e}")


def run(settings, servers, tls_pem, log):
    stream = {c: Row(f"echo-{c}", "TCP echo", f"echo throughput, {c} conn{'s' if c > 1 else ''}",
                     "MB/s", "MB") for c in STREAM_CONNS}
    ping = {c: Row(f"pingpong-{c}", "TCP echo", f"{PING_SIZE}-byte ping-pong, {c} conn{'s' if c > 1 else ''}",
                   "round trips/s", "round trip") for c in PING_CONNS}
    interleaved_echo(servers, stream, ping, settings, log)
    iperf3(stream, settings, log)
    for row in stream.values():
        row.note = "iperf3 moves bytes one way; the echo rows count each byte once though it crosses loopback twice"

    # Quick runs measure TLS at one level only: each level costs a JVM start and a handshake.
    tls = {c: Row(f"tls-echo-{c}", "TLS", f"TLS echo throughput (JDK SSLEngine both), {c} conn{'s' if c > 1 else ''}",
                  "MB/s", "MB") for c in (TLS_CONNS[-1:] if settings.quick else TLS_CONNS)}
    for name in ("torsion", "netty-nio"):
        log(f"tls echo: {name}")
        try:
            with start_echo(name, tls_pem) as srv:
                for c, row in tls.items():
                    measure([(row.figure(name), mb_per_s)], srv, load_main(
                        "TlsEchoLoad", "--port", srv.port, "--conns", c, "--cert", tls_pem,
                        *timing(settings, settings.warmup_first)), settings)
        except (BenchError, OSError, subprocess.SubprocessError) as e:
            for row in tls.values():
                if not row.figure(name).values:
                    row.figure(name).error = str(e)
            log(f"  {name}: {e}")
    return list(stream.values()) + list(ping.values()) + list(tls.values())
