"""IRC rows: sign-ons per second (connect, NICK/USER, wait for the end of the MOTD, QUIT; 50 at a
time) and channel fan-out (100 members each say a few lines; every member must receive every
other member's lines), Torsion's `./torsion words` against ngircd.

Wiring (harness.py): `import irc_rows` and `rows += irc_rows.run(settings, log)`. Needs ngircd
(apt) and the runnable jar bench/run builds. The load client is this file run as a script
(`python3 irc_rows.py load PORT PHASE ...`), on the client core; it checks every delivery.
Each member sends fewer lines than both servers' flood allowance, so the rows measure routing,
not flood control.
"""
import os
import selectors
import socket
import subprocess
import sys
import time

try:
    from common import PYTHON, ROOT, Row
    from procs import CLIENT_CORE, BenchError, Server, free_port
except ImportError:  # run as the load client: only the standard library is needed
    pass

SERVERS = ("torsion", "ngircd")
SIGNON_CONCURRENCY = 50
FANOUT_MEMBERS = 100
FANOUT_ROUNDS = 3  # with NICK, USER and JOIN, within both servers' flood burst


def start(name, settings):
    port = free_port()
    if name == "torsion":
        jar = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
        return Server("torsion-words", ["java", "-jar", jar, "words",
                                        "--irc", f"tcp:{port}:interface=127.0.0.1",
                                        "--server-name", "irc.bench.local"], port)
    if name == "ngircd":
        conf = os.path.join(settings.tmp, "ngircd-bench.conf")
        with open(conf, "w") as f:
            f.write("\n".join([
                "[Global]", "Name = irc.bench.local", "Info = bench", "AdminInfo1 = bench",
                "AdminInfo2 = bench", "AdminEMail = bench@example.com", "Listen = 127.0.0.1",
                f"Ports = {port}", "MotdPhrase = bench", "[Limits]", "MaxConnectionsIP = 0",
                "MaxNickLength = 30", "MaxJoins = 0", "[Options]", "PAM = no", "Ident = no",
                "DNS = no", ""]))
        os.chmod(conf, 0o644)
        return Server("ngircd", ["/usr/sbin/ngircd", "-n", "-f", conf], port)
    raise ValueError(name)


def load(port, phase, count, tag):
    argv = ["taskset", "-c", CLIENT_CORE, PYTHON, os.path.abspath(__file__), "load", str(port),
            phase, str(count), tag]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=180)
    if out.returncode != 0:
        raise BenchError(f"load client exit {out.returncode}: {out.stderr.strip()[-300:]}")
    done, wall = out.stdout.split()
    return int(done), float(wall)


def run(settings, log):
    signons = 200 if settings.quick else 1000
    signon = Row("irc-signon", "IRC", f"IRC sign-ons ({SIGNON_CONCURRENCY} at a time), connect to MOTD end",
                 "sign-ons/s", "sign-on", note="each one a new TCP connection, NICK, USER, MOTD, QUIT")
    fanout = Row("irc-fanout", "IRC", f"IRC channel fan-out, {FANOUT_MEMBERS} members",
                 "deliveries/s", "delivery",
                 note=f"each member says {FANOUT_ROUNDS} lines; all {FANOUT_MEMBERS - 1} others get each")
    for name in SERVERS:
        log(f"irc: {name}")
        try:
            with start(name, settings) as srv:
                for row, phase, count in ((signon, "signon", signons), (fanout, "fanout", FANOUT_MEMBERS)):
                    fig = row.figure(name)
                    try:
                        for run_no in range(settings.runs + 1):  # the first run warms up
                            cpu0 = srv.cpu()
                            done, wall = load(srv.port, phase, count, f"{run_no}")
                            cpu = srv.cpu() - cpu0
                            if run_no > 0:
                                fig.add(done / wall, cpu, done, wall)
                    except (BenchError, OSError, ValueError, subprocess.SubprocessError) as e:
                        fig.error = str(e)
                        log(f"  {row.id} {name}: {e}")
                srv.check_alive()
        except (BenchError, OSError, subprocess.SubprocessError) as e:
            for row in (signon, fanout):
                if not row.figure(name).values:
                    row.figure(name).error = str(e)
            log(f"  {name}: {e}")
    return [signon, fanout]


# ---- the load client ----

class Conn:
    def __init__(self, port, nick):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setblocking(False)
        self.nick = nick
        self.buf = b""
        self.out = b""
        self.state = "registering"
        self.got = 0
        self.last = []

    def send(self, *lines):
        self.out += b"".join(l.encode() + b"\r\n" for l in lines)
        self.flush()

    def flush(self):
        try:
            while self.out:
                n = self.sock.send(self.out)
                self.out = self.out[n:]
        except BlockingIOError:
            pass

    def lines(self):
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return []
        if not data:
            if self.state == "done":  # closed after our QUIT, as it should be
                raise EOFError(self.nick)
            raise SystemExit(f"load client: the server closed {self.nick}: {self.last!r}")
        self.buf += data
        *done, self.buf = self.buf.split(b"\n")
        lines = [l.rstrip(b"\r").decode("utf-8", "replace") for l in done]
        self.last = (self.last + lines)[-3:]
        return lines


def pump(conns, handle, until, deadline):
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c.sock, selectors.EVENT_READ, c)
    try:
        while not until():
            if time.monotonic() > deadline:
                raise SystemExit("load client: timed out")
            for key, _ in sel.select(1.0):
                c = key.data
                try:
                    lines = c.lines()
                except EOFError:
                    sel.unregister(c.sock)
                    continue
                for line in lines:
                    if line.startswith("PING"):
                        c.send("PONG " + line[5:])
                    handle(c, line)
                c.flush()
    finally:
        sel.close()


def signon_phase(port, total, tag):
    started = time.monotonic()
    finished = 0
    made = 0
    while finished < total:
        batch = [Conn(port, f"s{tag}x{made + i}") for i in range(min(SIGNON_CONCURRENCY, total - made))]
        made += len(batch)
        for c in batch:
            c.send(f"NICK {c.nick}", f"USER {c.nick} 0 * :bench")
        left = [len(batch)]

        def handle(c, line):
            parts = line.split(" ", 3)
            if len(parts) > 1 and parts[1] in ("376", "422") and c.state == "registering":
                c.state = "done"
                c.send("QUIT :bench")
                left[0] -= 1
            elif len(parts) > 1 and parts[1] == "433":
                raise SystemExit(f"nick in use: {c.nick}")

        pump(batch, handle, lambda: left[0] == 0, started + 120)
        for c in batch:
            c.sock.close()
        finished += len(batch)
    return finished, time.monotonic() - started


def fanout_phase(port, members, tag):
    conns = [Conn(port, f"f{tag}x{i}") for i in range(members)]
    for c in conns:
        c.send(f"NICK {c.nick}", f"USER {c.nick} 0 * :bench", "JOIN #bench")
    joined = [0]

    def on_join(c, line):
        if " 366 " in line and c.state == "registering":
            c.state = "joined"
            joined[0] += 1

    pump(conns, on_join, lambda: joined[0] == members, time.monotonic() + 60)
    # Wait until the last member's JOIN reached everyone before timing the messages.
    expected = (members - 1) * FANOUT_ROUNDS
    received = [0]

    def on_msg(c, line):
        if " PRIVMSG #bench " in line:
            c.got += 1
            if c.got == expected:
                received[0] += 1

    started = time.monotonic()
    for r in range(FANOUT_ROUNDS):
        for c in conns:
            c.send(f"PRIVMSG #bench :round {r} from {c.nick}")
    pump(conns, on_msg, lambda: received[0] == members, started + 120)
    wall = time.monotonic() - started
    for c in conns:
        if c.got != expected:
            raise SystemExit(f"{c.nick} got {c.got} messages, not {expected}")
        c.send("QUIT :bench")
        c.sock.close()
    return members * expected, wall


if __name__ == "__main__" and len(sys.argv) == 6 and sys.argv[1] == "load":
    _, _, port, phase, count, tag = sys.argv
    fn = signon_phase if phase == "signon" else fanout_phase
    done, wall = fn(int(port), int(count), tag)
    print(done, f"{wall:.6f}")
