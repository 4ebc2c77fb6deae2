"""Starting, pinning, measuring and stopping the processes of one benchmark row.

Every server runs on core 0 and every load generator on core 1 (taskset), so on a 2-core
machine the two never take each other's CPU. A server's CPU cost is read from
/proc/PID/stat (utime + stime, all its threads) before and after each measured interval.
"""
import os
import re
import select
import signal
import socket
import subprocess
import time

SERVER_CORE = "0"
CLIENT_CORE = "1"
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


class BenchError(Exception):
    """A row could not be measured; the harness records the message and goes on."""


def cpu_seconds(pid):
    """User + system CPU seconds used so far by process pid (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # Fields 14 and 15 of proc(5) (utime, stime); fields[0] here is field 3 (state).
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def rotated(names, r):
    """names in round r's order: each round starts one further along, so that no server is always
    measured first or last."""
    return names[r % len(names):] + names[:r % len(names)] if names else []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"server exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"nothing listening on {port} after {timeout:.0f}s")


class Server:
    """A server process pinned to the server core (or to core); a context manager that always
    stops it."""

    def __init__(self, name, argv, port, cwd=None, env=None, core=SERVER_CORE):
        self.name = name
        self.port = port
        self.log_path = f"/tmp/torsion-bench-{name}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            ["taskset", "-c", core] + argv, cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            wait_for_port(port, self.proc)
        except BenchError:
            self.stop()
            raise BenchError(f"{name}: could not start: {self.tail()}")

    @property
    def pid(self):
        return self.proc.pid

    def cpu(self):
        return cpu_seconds(self.pid)

    def check_alive(self):
        if self.proc.poll() is not None:
            raise BenchError(f"{self.name} died (exit {self.proc.returncode}): {self.tail()}")

    def tail(self, lines=6):
        try:
            with open(self.log_path) as f:
                return " | ".join(f.read().strip().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def client(argv, **kwargs):
    """Starts a load generator pinned to the client core, its stdout a pipe of text lines."""
    return subprocess.Popen(
        ["taskset", "-c", CLIENT_CORE] + argv, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, **kwargs)


def read_line(proc, timeout):
    """The next stdout line of proc, or BenchError on timeout or exit."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        raise BenchError(f"load client silent for {timeout:.0f}s")
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        raise BenchError(f"load client failed (exit {proc.returncode}): "
                         + proc.stderr.read().strip()[-400:])
    return line.strip()


def finish(proc, timeout=30):
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.returncode != 0:
        raise BenchError(f"load client exit {proc.returncode}: " + proc.stderr.read().strip()[-400:])


def live_heap_bytes(pid):
    """Live Java heap after a full GC: the Total line of jcmd GC.class_histogram."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True,
                         text=True, timeout=120).stdout
    histogram = {}
    total = None
    for line in out.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            histogram[m.group(3)] = int(m.group(2))
        m = re.match(r"Total\s+(\d+)\s+(\d+)", line)
        if m:
            total = int(m.group(2))
    if total is None:
        raise BenchError(f"jcmd GC.class_histogram gave no total for {pid}: {out[-300:]}")
    return total, histogram
