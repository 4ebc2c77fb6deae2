"""HTTP/2 rows: hello world over h2c with prior knowledge, h2load as the client, Torsion's Site
beside Netty's Http2FrameCodec and nginx's http2, each server on one core."""
import os
import re
import subprocess

from common import Row, bench_main
from http_rows import HELLO, interleaved
from procs import CLIENT_CORE, BenchError, Server, free_port

STREAMS = 10  # h2load -m: requests in flight on each connection

NGINX_H2_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx-h2.pid;
error_log stderr warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port} http2;
    location = / {{ default_type text/plain; return 200 "Hello, World!"; }}
  }}
}}
"""


def start(server, settings):
    port = free_port()
    if server == "torsion":
        return Server(server, bench_main("TorsionHttpServer", port), port)  # HTTP/2 on by default
    if server == "netty-nio":
        return Server(server, bench_main("NettyHttp2Server", port, "nio"), port)
    if server == "nginx":
        conf = os.path.join(settings.tmp, "nginx-h2.conf")
        with open(conf, "w") as f:
            f.write(NGINX_H2_CONF.format(tmp=settings.tmp, port=port))
        return Server("nginx", ["nginx", "-p", settings.tmp, "-c", conf, "-e", "stderr"], port)
    raise ValueError(server)


def h2load(port, path, conns, seconds):
    """Runs h2load once over h2c; returns (requests, wall seconds)."""
    argv = ["taskset", "-c", CLIENT_CORE, "h2load", "-t1", f"-c{conns}", f"-m{STREAMS}",
            f"-D{seconds}", f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed,"
                     r" (\d+) errored", out)
    took = re.search(r"finished in ([\d.]+)(m?s)", out)
    status = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    if not done or not took or not status:
        raise BenchError("h2load: " + out.strip()[-300:])
    if int(done.group(3)) or int(done.group(4)) or int(status.group(3)) or int(status.group(4)):
        raise BenchError("h2load reported failures: " + out.strip()[-300:])
    wall = float(took.group(1)) / (1000 if took.group(2) == "ms" else 1)
    return int(status.group(1)), wall


def check(port, path, want):
    """One request before the load, through nghttp, so a server that answers wrongly is not
    measured."""
    out = subprocess.run(["nghttp", "--timeout=10", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, timeout=30).stdout
    if out != want:
        raise BenchError(f"GET {path} over h2c: {out[:80]!r}, not the expected body")


def run(settings, log):
    rows = {c: Row(f"h2-hello-{c}", "HTTP/2", f"HTTP/2 (h2c) hello world, h2load, {c} conns x "
                   f"{STREAMS} streams", "req/s", "request") for c in (16, 64)}
    servers = ("torsion", "netty-nio", "nginx")
    log("h2 hello: " + ", ".join(servers))
    interleaved(rows, {name: (lambda n=name: start(n, settings)) for name in servers},
                "/", HELLO, settings, log, load=h2load, check=check)
    return list(rows.values())
