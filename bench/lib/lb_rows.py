"""Load-balancer rows (the lb group): ./torsion web behind Debian's HAProxy, 1 and 2 processes.

HAProxy runs in TCP mode with send-proxy-v2, as docs/howto/deployment.md sets it up, in front of
`./torsion web --reactors 1 --listen haproxy:tcp:PORT` processes serving the HTTP rows' 2 KiB
static file; wrk keeps 64 keep-alive connections to HAProxy. Every Torsion process is pinned to
the server core, HAProxy and wrk to the client core: on this 2-core machine, 1 and 2 processes
get the same one core, so the row shows what spreading costs, not what more cores would give.
A third figure is one process with no HAProxy, for what the proxy costs. The server CPU per
request is the Torsion processes' together (HAProxy's is not counted).
"""
import os
import shutil
from contextlib import ExitStack

from common import ROOT, Row
from http_rows import STATIC_NAME, STATIC_SIZE, interleaved, static_dir
from procs import CLIENT_CORE, Server, free_port

HAPROXY_CONF = """
global
  maxconn 4096
  nbthread 1
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend www
  bind 127.0.0.1:{port}
  default_backend torsion
backend torsion
  balance roundrobin
{servers}
"""

SETUPS = {
    "direct-1": "1 process, no HAProxy",
    "haproxy-1": "1 process behind HAProxy",
    "haproxy-2": "2 processes behind HAProxy",
}


class Balanced:
    """N ./torsion web processes behind one HAProxy; port is HAProxy's, cpu() the processes'."""

    def __init__(self, name, count, settings):
        self.stack = ExitStack()
        try:
            backends = []
            for i in range(count):
                port = free_port()
                backends.append(self.stack.enter_context(Server(
                    f"{name}-torsion{i + 1}",
                    web_argv(f"haproxy:tcp:{port}:interface=127.0.0.1", settings), port)))
            self.backends = backends
            self.port = free_port()
            conf = os.path.join(settings.tmp, f"haproxy-{name}.cfg")
            with open(conf, "w") as f:
                f.write(HAPROXY_CONF.format(port=self.port, servers="\n".join(
                    f"  server t{i + 1} 127.0.0.1:{b.port} send-proxy-v2"
                    for i, b in enumerate(backends))))
            self.haproxy = self.stack.enter_context(Server(
                f"{name}-haproxy", ["haproxy", "-db", "-f", conf], self.port, core=CLIENT_CORE))
        except BaseException:
            self.stack.close()
            raise

    def cpu(self):
        return sum(b.cpu() for b in self.backends)

    def check_alive(self):
        for s in self.backends + [self.haproxy]:
            s.check_alive()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stack.close()


def web_argv(listen, settings):
    """./torsion web from the jar bench/run built (as the http-static row), one reactor."""
    jar = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
    return ["java", "-jar", jar, "--reactors", "1", "web", "--listen", listen,
            "--path", static_dir(settings)]


def direct(settings):
    port = free_port()
    return Server("lb-direct", web_argv(f"tcp:{port}:interface=127.0.0.1", settings), port)


def run(settings, log):
    row = Row("lb-haproxy-static", "Load balancer", f"./torsion web, {STATIC_SIZE}-byte file, wrk "
              "64 conns; HAProxy mode tcp, send-proxy-v2; every Torsion process on one core",
              "req/s", "request")
    if shutil.which("haproxy") is None:
        for k in SETUPS:
            row.figure(k).error = "haproxy is not installed (Debian package haproxy)"
        return [row]
    want = open(os.path.join(static_dir(settings), STATIC_NAME), "rb").read()
    starters = {
        "direct-1": lambda: direct(settings),
        "haproxy-1": lambda: Balanced("lb1", 1, settings),
        "haproxy-2": lambda: Balanced("lb2", 2, settings),
    }
    log("lb: " + ", ".join(SETUPS[k] for k in starters))
    interleaved({64: row}, starters, "/" + STATIC_NAME, want, settings, log)
    return [row]
