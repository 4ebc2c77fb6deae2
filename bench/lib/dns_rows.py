"""DNS rows: UDP queries per second against an authoritative zone, Torsion's `./torsion dns`
and Twisted's `twistd dns` side by side, driven by a pipelined UDP load client (this file run
as a script) that keeps a window of queries outstanding and counts only NOERROR answers that
carry the id it sent.

The load client is Python: on this machine it saturates Twisted names but may not saturate
Torsion, so the Torsion figure is a lower bound; the row's note says which one hit the client's
ceiling (server CPU busy well under 1.0 means the client was the limit)."""
import os
import select
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import PYTHON, ROOT, SERVER_JVM, Row  # noqa: E402
from procs import CLIENT_CORE, BenchError, Server, finish, free_port, read_line  # noqa: E402

WINDOWS = (1, 64)
ZONE = """$TTL 300
@   IN SOA ns hostmaster 1 3600 600 86400 60
    IN NS ns
ns  IN A 192.0.2.1
www IN A 192.0.2.80
"""
# Twisted 22.4's --bindzone fails on a str path (BindAuthority concatenates str and bytes), so
# Twisted gets the same zone as a --pyzone file.
PYZONE = """zone = [
    SOA("example.org", mname="ns.example.org", rname="hostmaster.example.org", serial=1,
        refresh=3600, retry=600, expire=86400, minimum=60, ttl=300),
    NS("example.org", "ns.example.org", ttl=300),
    A("ns.example.org", "192.0.2.1", ttl=300),
    A("www.example.org", "192.0.2.80", ttl=300),
]
"""
ORIGIN = "example.org"
QNAME = "www.example.org"


def zone_file(settings):
    path = os.path.join(settings.tmp, ORIGIN + ".zone")
    os.makedirs(settings.tmp, exist_ok=True)
    with open(path, "w") as f:
        f.write(ZONE)
    with open(path.replace(".zone", ".pyzone"), "w") as f:
        f.write(PYZONE)
    return path


def start_dns(name, zone):
    port = free_port()
    if name == "torsion":
        jar = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
        # TORSION_DNS_CP: a class path holding the runner and torsion-names, to measure before
        # the runnable jar is rebuilt.
        cp = os.environ.get("TORSION_DNS_CP")
        if not cp and not os.path.exists(jar):
            raise BenchError(f"{jar} not built (mvn -pl torsion-all -am package)")
        launcher = ["-cp", cp, "dev.torsion.runner.Main"] if cp else ["-jar", jar]
        argv = (["java"] + SERVER_JVM + launcher + ["dns", "--port", str(port), "--interface",
                "127.0.0.1", "--bindzone", zone, "--rate-limit", "0"])
        return Server(name, argv, port)
    if name == "twisted":
        # twistd reads sys.argv; -n stays in the foreground, no pid file.
        argv = [PYTHON, "-c", "import sys; from twisted.scripts.twistd import run; "
                "sys.argv[0] = 'twistd'; run()", "-n", "--pidfile=", "dns", "--port", str(port),
                "--interface", "127.0.0.1", "--pyzone", zone.replace(".zone", ".pyzone")]
        return Server(name, argv, port)
    raise ValueError(name)


def query(qid):
    header = struct.pack(">HHHHHH", qid, 0x0000, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in QNAME.split(".")) + b"\x00"
    return header + labels + struct.pack(">HH", 1, 1)


def load(port, window, warmup, seconds, runs):
    """The load client: prints "mark", then per run "run ANSWERS WALL" (answers counted only
    when the id matches one outstanding and the rcode is NOERROR)."""
    template = bytearray(query(0))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    outstanding = {}
    next_id = [0]

    def send_one():
        qid = next_id[0] = (next_id[0] + 1) & 0xFFFF
        template[0], template[1] = qid >> 8, qid & 0xFF
        outstanding[qid] = time.monotonic()
        try:
            s.send(template)
        except BlockingIOError:
            pass

    def drive(duration):
        good = 0
        end = time.monotonic() + duration
        while len(outstanding) < window:
            send_one()
        while True:
            now = time.monotonic()
            if now >= end:
                return good
            ready, _, _ = select.select([s], [], [], min(0.2, end - now))
            if not ready:
                # Lost datagrams: forget those older than a second and refill the window.
                for qid in [q for q, t in outstanding.items() if now - t > 1.0]:
                    del outstanding[qid]
            while True:
                try:
                    data = s.recv(4096)
                except BlockingIOError:
                    break
                if len(data) >= 12 and data[2] & 0x80:
                    qid = (data[0] << 8) | data[1]
                    if outstanding.pop(qid, None) is not None and data[3] & 0x0F == 0:
                        good += 1
            while len(outstanding) < window:
                send_one()

    drive(warmup)
    print("mark", flush=True)
    for _ in range(runs):
        t0 = time.monotonic()
        n = drive(seconds)
        print("run", n, time.monotonic() - t0, flush=True)


def run(settings, servers, log):
    rows = {w: Row(f"dns-udp-{w}", "DNS", f"UDP queries/s, authoritative A answer, {w} in flight",
                   "queries/s", "query") for w in WINDOWS}
    zone = zone_file(settings)
    for name in servers:
        log(f"dns: {name}")
        try:
            with start_dns(name, zone) as srv:
                for w, row in rows.items():
                    fig = row.figure(name)
                    proc = subprocess.Popen(
                        ["taskset", "-c", CLIENT_CORE, PYTHON, os.path.abspath(__file__), "load",
                         str(srv.port), str(w), str(settings.warmup_first + settings.warmup),
                         str(settings.seconds), str(settings.runs)],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    try:
                        if read_line(proc, settings.warmup_first + settings.warmup + 60) != "mark":
                            raise BenchError("dns load client: expected mark")
                        cpu0 = srv.cpu()
                        for _ in range(settings.runs):
                            words = read_line(proc, settings.seconds + 30).split()
                            cpu1 = srv.cpu()
                            answers, wall = int(words[1]), float(words[2])
                            fig.add(answers / wall, cpu1 - cpu0, answers, wall)
                            cpu0 = cpu1
                        finish(proc)
                    finally:
                        if proc.poll() is None:
                            proc.kill()
                            proc.wait()
                    srv.check_alive()
        except (BenchError, OSError, subprocess.SubprocessError, ValueError) as e:
            for row in rows.values():
                if not row.figure(name).values:
                    row.figure(name).error = str(e)
            log(f"  {name}: {e}")
    for row in rows.values():
        row.note = ("one Python load client on the client core; a server CPU busy figure well "
                    "under 1.0 means the client, not the server, was the limit")
    return list(rows.values())


if __name__ == "__main__" and len(sys.argv) == 7 and sys.argv[1] == "load":
    load(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]),
         int(sys.argv[6]))
