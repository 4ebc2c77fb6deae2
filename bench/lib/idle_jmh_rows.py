"""Idle-connection memory rows and the JMH microbenchmarks."""
import json
import os
import subprocess
import time

from common import CLASSPATH, Row, load_main
from procs import (SERVER_CORE, BenchError, finish, live_heap_bytes, open_fds, read_line,
                   rss_bytes, client)
from tcp_rows import start_echo

# torsion-runner is `./torsion echo` as users run it (G1 and the heap and malloc settings of the
# script); "torsion" is the bench's TorsionEchoServer under the same JVM flags as Netty's.
IDLE_SERVERS = ("torsion", "torsion-runner", "netty-nio")

# RSS is read this long after the full collection that measures the live heap, for every server
# alike. That collection and the histogram malloc their own mark stacks and class table; a JVM
# that trims its C heap (./torsion: every 2 s) gives them back within the interval, and read at
# once they counted as up to 8 MB of the server's memory (450 B a connection at 18,000).
SETTLE_SECONDS = float(os.environ.get("BENCH_IDLE_SETTLE", "3"))


def settled_rss(pid):
    time.sleep(SETTLE_SECONDS)
    return rss_bytes(pid)


def wait_fds(srv, at_least=None, at_most=None, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        srv.check_alive()
        n = open_fds(srv.pid)
        if (at_least is None or n >= at_least) and (at_most is None or n <= at_most):
            return n
        time.sleep(0.2)
    raise BenchError(f"{srv.name}: {open_fds(srv.pid)} open files, waited for "
                     f"{at_least or at_most} for {timeout}s")


def top_classes(before, after, conns, n=int(os.environ.get("BENCH_TOP_CLASSES", "8"))):
    diff = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    top = sorted(diff.items(), key=lambda kv: -kv[1])[:n]
    return {k: round(v / conns, 1) for k, v in top if v > 0}


def idle_row(n):
    return Row(f"idle-{n // 1000}k", "Idle connections",
               f"{n:,} idle connections: server live heap per connection", "bytes/conn",
               higher_is_better=False)


def idle(settings, log):
    counts = list(settings.idle_counts)
    feasible = (settings.file_limit - 2000) // 1000 * 1000
    if any(n > feasible for n in counts) and feasible > max((n for n in counts if n <= feasible), default=0):
        counts.append(feasible)  # measure as many as the file limit allows, then project
        counts.sort()
    everything = {n: idle_row(n) for n in counts}
    rows = {n: r for n, r in everything.items() if n <= feasible}
    for n, row in everything.items():
        if n not in rows:
            for name in IDLE_SERVERS:
                row.figure(name).error = (
                    f"needs a file limit above {n}; this machine allows {settings.file_limit} "
                    "(raising it needs CAP_SYS_RESOURCE)")
    for name in IDLE_SERVERS:
        log(f"idle: {name}")
        base = measure_idle(name, rows, None, log)
        if base:
            project(everything, rows, name, *base)
    return list(everything.values())


def idle_tls(settings, tls_pem, log):
    """Idle TLS connections (TCP open, no ClientHello yet): what each costs before any traffic."""
    n = settings.idle_counts[0]
    row = Row(f"idle-tls-{n // 1000}k", "Idle connections",
              f"{n:,} idle TLS connections (before the handshake): server live heap per connection",
              "bytes/conn", higher_is_better=False)
    for name in IDLE_SERVERS:
        log(f"idle tls: {name}")
        measure_idle(name, {n: row}, tls_pem, log)
    return [row]


def measure_idle(name, rows, tls_pem, log):
    """Opens each row's count of idle connections to one server; returns its idle (rss, heap)."""
    try:
        with start_echo(name, tls_pem) as srv:
            base_heap, base_hist = live_heap_bytes(srv.pid)
            base_rss = settled_rss(srv.pid)
            base_fds = open_fds(srv.pid)
            for n, row in rows.items():
                log(f"  {n} connections")
                proc = client(load_main("IdleLoad", "--port", srv.port, "--conns", n),
                              stdin=subprocess.PIPE)
                try:
                    line = read_line(proc, 300).split()
                    connect_s = float(line[2])
                    wait_fds(srv, at_least=base_fds + n)
                    log(f"    connected in {connect_s:.1f}s; measuring")
                    heap, hist = live_heap_bytes(srv.pid)
                    rss = settled_rss(srv.pid)
                    fig = row.figure(name)
                    fig.values.append((heap - base_heap) / n)
                    fig.extra.update({
                        "rss_per_conn": (rss - base_rss) / n,
                        "server_rss_mb": rss / 1e6,
                        "server_live_heap_mb": heap / 1e6,
                        "connect_seconds": connect_s,
                        "heap_per_conn_by_class": top_classes(base_hist, hist, n),
                    })
                finally:
                    proc.stdin.close()
                    finish(proc, 120)
                wait_fds(srv, at_most=base_fds + 16)
                log("    closed")
            return base_rss, base_heap
    except (BenchError, OSError, subprocess.SubprocessError) as e:
        for row in rows.values():
            if not row.figure(name).values:
                row.figure(name).error = str(e)
        log(f"  {name}: {e}")
        return None


def project(everything, measured, name, base_rss, base_heap):
    """Fills rows the file limit kept from running with a straight-line projection from the
    largest measured count, marked as such (per-connection cost is flat once the JIT is warm)."""
    done = [n for n in measured if measured[n].figure(name).values]
    if not done:
        return
    n0 = max(done)
    f0 = measured[n0].figure(name)
    for n, row in everything.items():
        if n in measured:
            continue
        fig = row.figure(name)
        fig.values = list(f0.values)
        fig.extra.update({
            "projected_from": n0,
            "rss_per_conn": f0.extra["rss_per_conn"],
            "server_rss_mb": (base_rss + n * f0.extra["rss_per_conn"]) / 1e6,
            "server_live_heap_mb": (base_heap + n * f0.values[0]) / 1e6,
        })


JMH_ROWS = [
    # (row id, title, unit, {column: benchmark method})
    ("jmh-deferred-3", "Deferred vs CompletableFuture: three callbacks", "ns/op",
     {"torsion": "DeferredBenchmark.deferredThreeCallbacks",
      "completablefuture": "DeferredBenchmark.completableFutureThreeCallbacks"}),
    ("jmh-deferred-chain", "Deferred vs CompletableFuture: chain through a returned one", "ns/op",
     {"torsion": "DeferredBenchmark.deferredChainThroughReturned",
      "completablefuture": "DeferredBenchmark.completableFutureChainThroughReturned"}),
    ("jmh-timer-cancel", "callLater + cancel, 10,000 timers pending (TimerQueue)", "ns/op",
     {"torsion": "TimerBenchmark.callLaterThenCancel"}),
    ("jmh-timer-reset", "idle-timeout reset, 10,000 timers pending (TimerQueue)", "ns/op",
     {"torsion": "TimerBenchmark.resetIdleTimeout"}),
    ("jmh-linereceiver", "LineReceiver parsing, 80-byte lines in 16 KiB chunks", "MB/s",
     {"torsion": "LineReceiverBenchmark.parse64KiB"}),
]


def jmh(settings, log):
    log("jmh")
    out = os.path.join(settings.tmp, "jmh.json")
    argv = (["taskset", "-c", SERVER_CORE, "java", "-cp", CLASSPATH, "org.openjdk.jmh.Main"]
            + settings.jmh_args + ["-rf", "json", "-rff", out, "dev.torsion.bench.jmh."])
    rows = []
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise BenchError("jmh: " + (done.stderr or done.stdout).strip()[-400:])
        results = {r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]: r
                   for r in json.load(open(out))}
    except (BenchError, OSError, ValueError, subprocess.SubprocessError) as e:
        log(f"  jmh: {e}")
        results, error = {}, str(e)
    for rid, title, unit, columns in JMH_ROWS:
        row = Row(rid, "JMH", title, unit, higher_is_better=(unit == "MB/s"))
        for column, bench in columns.items():
            fig = row.figure(column)
            r = results.get(bench)
            if r is None:
                fig.error = "not run" if results else error
                continue
            raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
            if unit == "MB/s":  # one op is 64 KiB of lines
                raw = [x * 65536 / 1e6 for x in raw]
            fig.values.extend(raw)
        rows.append(row)
    return rows
