"""bench/profile: where a row's server spends its CPU, as an async-profiler flame graph.

Runs one row's load against one server (pinned as in bench/run: server on core 0, load on core
1), attaches async-profiler (from Maven Central, in torsion-bench's target/lib) to the server's
JVM once it is warm, samples CPU (perf events: Java, JVM and kernel frames in one stack) for
the measured seconds, and writes bench/results/profiles/ROW-SERVER.html (the flame graph) and
.collapsed (its stacks, one line each), then prints where the samples fell: kernel, Java, JVM,
and the hottest frames. docs/design/profiles.md keeps what the graphs showed.
"""
import argparse
import collections
import os
import subprocess
import sys
import time
import zipfile

from common import MODULE, ROOT, Settings, bench_main, java, load_main, CLIENT_JVM
from procs import CLIENT_CORE, BenchError, Server, free_port
import http_rows
import tcp_rows

OUT = os.path.join(ROOT, "bench", "results", "profiles")
ROWS = ("echo", "pingpong", "hello", "hello-256", "static")


def profiler_library(tmp):
    """libasyncProfiler.so for linux-x64, unpacked from the Maven Central jar bench builds with."""
    lib = os.path.join(MODULE, "target", "lib")
    jars = [j for j in os.listdir(lib) if j.startswith("async-profiler-")] if os.path.isdir(lib) else []
    if not jars:
        raise BenchError("async-profiler is not in torsion-bench/target/lib: run bench/run --quick "
                         "or mvn -P bench -pl torsion-bench -am package first")
    so = os.path.join(tmp, "libasyncProfiler.so")
    with zipfile.ZipFile(os.path.join(lib, sorted(jars)[-1])) as z:
        with z.open("linux-x64/libasyncProfiler.so") as src, open(so, "wb") as dst:
            dst.write(src.read())
    return so


def java_pid(pid):
    """The JVM of a server: the process itself, or the java its launcher script started."""
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/comm") as f:
                if f.read().strip() == "java":
                    return p
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    raise BenchError(f"no java process under pid {pid}")


def agent(pid, so, options):
    # jcmd splits key=value arguments itself: the option string goes in quotes, as one.
    out = subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", so, f'"{options}"'],
                         capture_output=True, text=True, timeout=60)
    if "return code: 0" not in out.stdout:
        raise BenchError(f"async-profiler {options.split(',')[0]}: {out.stdout.strip()} {out.stderr.strip()}")


def start_server(row, server, settings):
    if row in ("echo", "pingpong"):
        return tcp_rows.start_echo(server)
    if row == "static":
        return http_rows.start_static(server, settings)
    return http_rows.start(server, settings)


def start_load(row, port, seconds):
    """The row's load generator, running for warm-up plus the sampled seconds."""
    if row in ("echo", "pingpong"):
        plan = "stream:64" if row == "echo" else "pingpong:100"
        return subprocess.Popen(["taskset", "-c", CLIENT_CORE] + load_main(
            "EchoLoad", "--port", port, "--plan", plan, "--size", tcp_rows.PING_SIZE,
            "--warmup-first", 0, "--warmup", 0, "--seconds", seconds, "--runs", 1),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    conns = 256 if row == "hello-256" else 64
    path = "/" + http_rows.STATIC_FILES[13] if row == "static" else "/"
    return subprocess.Popen(["taskset", "-c", CLIENT_CORE, "wrk", "-t1", f"-c{conns}",
                             f"-d{int(seconds)}s", f"http://127.0.0.1:{port}{path}"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def summary(collapsed, top):
    """Shares of the samples: kernel, Java (compiled, inlined, interpreted), native/JVM; hot frames."""
    kinds = collections.Counter()
    leaves = collections.Counter()
    total = 0
    with open(collapsed) as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            n = int(n)
            total += n
            leaf = stack.rsplit(";", 1)[-1]
            if any(fr.endswith("_[k]") for fr in stack.split(";")):
                kinds["kernel (system calls, loopback TCP)"] += n
            elif leaf.endswith(("_[j]", "_[i]", "_[0]", "_[1]")):
                kinds["Java"] += n
            else:
                kinds["native (libc syscall stubs, JNI glue, JVM, GC)"] += n
            leaves[leaf] += n
    lines = [f"samples: {total}"]
    lines += [f"  {100 * v / total:5.1f}%  {k}" for k, v in kinds.most_common()]
    lines.append("hottest frames (self):")
    lines += [f"  {100 * v / total:5.1f}%  {k[:120]}" for k, v in leaves.most_common(top)]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(prog="bench/profile", description=__doc__.split("\n")[0])
    ap.add_argument("row", choices=ROWS)
    ap.add_argument("--server", default="torsion",
                    help="torsion (default), netty-epoll, netty-nio; static: torsion or nginx")
    ap.add_argument("--warmup", type=float, default=8.0, help="seconds of load before sampling")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds sampled")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    settings = Settings.of(False)
    os.makedirs(settings.tmp, exist_ok=True)
    os.makedirs(OUT, exist_ok=True)
    so = profiler_library(settings.tmp)
    name = f"{args.row}-{args.server}"
    html, collapsed = os.path.join(OUT, name + ".html"), os.path.join(OUT, name + ".collapsed")
    with start_server(args.row, args.server, settings) as srv:
        pid = java_pid(srv.pid)
        load = start_load(args.row, srv.port, args.warmup + args.seconds + 2)
        try:
            time.sleep(args.warmup)
            # cpu: perf_events, so kernel frames are in the same stacks as Java's.
            agent(pid, so, "start,event=cpu,interval=1000000")
            time.sleep(args.seconds)
            agent(pid, so, f"dump,collapsed,ann,file={collapsed}")
            agent(pid, so, f"stop,file={html},title={name}")
        finally:
            out = load.communicate(timeout=args.warmup + args.seconds + 60)[0]
        srv.check_alive()
    print(f"{name}: {html}")
    print(summary(collapsed, args.top))
    if out:
        print("load: " + " | ".join(l.strip() for l in out.strip().splitlines()[-3:]))


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"bench/profile: {e}", file=sys.stderr)
        sys.exit(1)
