"""Mail rows: SMTP delivery of 4 KB messages into Maildirs and POP3 retrieval of them, over one
loopback connection at a time, Torsion's `./torsion mail`; the client is Python's
smtplib/poplib (on its own core), every message counted and every retrieved body checked.

No Twisted figure: Twisted 22.4's `twistd mail` (Debian's python3-twisted) cannot deliver on
Python 3 (its MaildirDirdbmDomain looks str user names up in a bytes-keyed DirDBM: `--user`
raises TypeError and every RCPT gets 550). The client is Python, so the rows bound what a
Python client sees rather than the server's ceiling; server CPU per message is the fairer figure.

Wiring (harness.py): `import mail_rows` and `rows += mail_rows.run(settings, log)`. Needs the
runnable jar bench/run builds.
"""
import os
import shutil
import subprocess

from common import PYTHON, ROOT, Row
from procs import CLIENT_CORE, BenchError, Server, free_port

SERVERS = ("torsion",)
QUICK_MESSAGES = 300
FULL_MESSAGES = 2000
SIZE = 4096

# One client process per run: sends N messages on one SMTP connection, then RETRs them over POP3.
CLIENT = r"""
import poplib, smtplib, sys, time
smtp, pop3, n, size = (int(x) for x in sys.argv[1:5])
body = b'Subject: bench\r\n\r\n' + (b'x' * 78 + b'\r\n') * (size // 80)
s = smtplib.SMTP('127.0.0.1', smtp, timeout=60)
t0 = time.perf_counter()
for _ in range(n):
    s.sendmail('bench@remote.test', ['bench@example.com'], body)
t1 = time.perf_counter()
s.quit()
p = poplib.POP3('127.0.0.1', pop3, timeout=60)
p.user('bench'); p.pass_('bench')
count, _ = p.stat()
t2 = time.perf_counter()
ok = 0
for i in range(1, count + 1):
    lines = p.retr(i)[1]
    ok += b'\r\n'.join(lines).endswith(body.rstrip(b'\r\n').split(b'\r\n\r\n', 1)[1])
    p.dele(i)
t3 = time.perf_counter()
p.quit()
print(n, t1 - t0, count, ok, t3 - t2)
"""


def start(name, maildirs, smtp, pop3):
    if name == "torsion":
        jar = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
        return Server("torsion-mail", ["java", "-jar", jar, "--reactors", "1", "mail",
                                       "--smtp", f"tcp:{smtp}:interface=127.0.0.1",
                                       "--pop3", f"tcp:{pop3}:interface=127.0.0.1",
                                       "--maildirs", maildirs, "--domain", "example.com",
                                       "--user", "bench=bench",
                                       "--max-message-size", str(64 << 20)], smtp)
    raise ValueError(name)


def run(settings, log):
    n = QUICK_MESSAGES if settings.quick else FULL_MESSAGES
    deliver = Row("smtp-deliver", "Mail", f"SMTP delivery of {n} {SIZE // 1024} KB messages to a Maildir, "
                  "one connection, smtplib", "messages/s", "message",
                  note="each message fsync-free: written to the spool, linked into new/")
    retrieve = Row("pop3-retr", "Mail", f"POP3 RETR+DELE of {n} {SIZE // 1024} KB messages, poplib",
                   "messages/s", "message")
    for name in SERVERS:
        log(f"mail: {name}")
        maildirs = os.path.join(settings.tmp, f"mail-{name}")
        shutil.rmtree(maildirs, ignore_errors=True)
        os.makedirs(maildirs)
        smtp, pop3 = free_port(), free_port()
        try:
            with start(name, maildirs, smtp, pop3) as srv:
                for run_no in range(settings.runs + 1):  # the first run warms up
                    cpu0 = srv.cpu()
                    out = subprocess.run(["taskset", "-c", CLIENT_CORE, PYTHON, "-c", CLIENT,
                                          str(smtp), str(pop3), str(n), str(SIZE)],
                                         capture_output=True, text=True, timeout=600)
                    if out.returncode != 0:
                        raise BenchError(f"client exit {out.returncode}: {out.stderr.strip()[-300:]}")
                    sent, t_send, count, ok, t_retr = out.stdout.split()
                    cpu = srv.cpu() - cpu0
                    if int(count) != n or int(ok) != n:
                        raise BenchError(f"sent {sent}, found {count}, {ok} intact")
                    if run_no > 0:
                        # The server CPU of a run covers both phases; split it by wall time.
                        ts, tr = float(t_send), float(t_retr)
                        deliver.figure(name).add(n / ts, cpu * ts / (ts + tr), n, ts)
                        retrieve.figure(name).add(n / tr, cpu * tr / (ts + tr), n, tr)
                srv.check_alive()
        except (BenchError, OSError, ValueError, subprocess.SubprocessError) as e:
            for row in (deliver, retrieve):
                if not row.figure(name).values:
                    row.figure(name).error = str(e)
            log(f"  {name}: {e}")
    return [deliver, retrieve]
