"""HTTP rows: hello world with wrk (64 and 256 keep-alive connections) and a small static file."""
import http.client
import os
import re
import subprocess
import time
from contextlib import ExitStack

from common import BENCH, PYTHON, ROOT, Row, bench_main, torsion_command, torsion_env
from procs import CLIENT_CORE, BenchError, Server, free_port, rotated

HELLO = b"Hello, World!"
STATIC_NAME = "small.html"
STATIC_SIZE = 2048
# The static rows of issue 20: a 13-byte file (per-request cost alone) and the 2 KiB one.
STATIC_FILES = {13: "tiny.txt", STATIC_SIZE: STATIC_NAME}

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  include /etc/nginx/mime.types;
  keepalive_requests 100000000;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port};
    location = / {{ default_type text/plain; return 200 "Hello, World!"; }}
    location / {{ root {static}; }}
  }}
}}
"""


def static_dir(settings):
    d = os.path.join(settings.tmp, "www")
    os.makedirs(d, exist_ok=True)
    body = ("<!doctype html><title>bench</title>\n" + "Torsion static file row. " * 200)
    for size, name in STATIC_FILES.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(body[:size - 1] + "\n")
    return d


def start(server, settings):
    """Starts one of the hello-world HTTP servers; port chosen here."""
    port = free_port()
    if server == "torsion":
        return Server(server, bench_main("TorsionHttpServer", port), port)
    if server in ("netty-nio", "netty-epoll"):
        return Server(server, bench_main("NettyHttpServer", port, server[6:]), port)
    if server == "twisted":
        return Server(server, [PYTHON, os.path.join(BENCH, "peers", "twisted_http.py"), str(port)], port)
    if server == "nginx":
        return start_nginx(port, settings)
    raise ValueError(server)


def start_nginx(port, settings):
    conf = os.path.join(settings.tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=settings.tmp, port=port, static=static_dir(settings)))
    return Server("nginx", ["nginx", "-p", settings.tmp, "-c", conf, "-e", "stderr"], port)


def start_static(server, settings):
    port = free_port()
    if server == "nginx":
        return start_nginx(port, settings)
    # ./torsion web as a user runs it (the script's JVM flags), one reactor: the server gets one core.
    return Server("torsion-web", torsion_command("--reactors", "1", "web",
                                                 "--listen", f"tcp:{port}:interface=127.0.0.1",
                                                 "--path", static_dir(settings)),
                  port, env=torsion_env())


def check_response(port, path, want):
    """One GET before the load: a server that answers wrongly is not measured."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200 or body != want:
        raise BenchError(f"GET {path}: status {response.status}, {len(body)} bytes, not the expected body")


def wrk(port, path, conns, seconds):
    """Runs wrk once; returns (requests, wall seconds)."""
    argv = ["taskset", "-c", CLIENT_CORE, "wrk", "-t1", f"-c{conns}", f"-d{seconds}s",
            "--timeout", "5s", f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    if not m:
        raise BenchError("wrk: " + out.strip()[-300:])
    if "Non-2xx" in out or re.search(r"Socket errors:.*(read|write|timeout) [1-9]", out):
        raise BenchError("wrk reported errors: " + out.strip()[-300:])
    wall = float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
    return int(m.group(1)), wall


def interleaved(levels, starters, path, want, settings, log, load=None, check=None):
    """Runs every server at once (each idle while another is measured) and takes their runs in
    turn, the order rotating each round: load from elsewhere on a shared machine then falls on
    all servers alike instead of on whichever came last. levels: {conns: Row}. load(port, path,
    conns, seconds) -> (requests, wall) is wrk unless given; check(port, path, want) too."""
    load = load or wrk
    check = check or check_response
    with ExitStack() as stack:
        live = {}
        for name, starter in starters.items():
            try:
                srv = stack.enter_context(starter())
                check(srv.port, path, want)
                live[name] = srv
            except (BenchError, OSError, subprocess.SubprocessError) as e:
                for row in levels.values():
                    row.figure(name).error = str(e)
                log(f"  {name}: {e}")
        for level, (conns, row) in enumerate(levels.items()):
            log(f"  {row.id}: {', '.join(live)}")
            warm = settings.warmup_first if level == 0 else settings.warmup
            for name, srv in list(live.items()):
                try:
                    load(srv.port, path, conns, max(1, round(warm)))
                except (BenchError, OSError, subprocess.SubprocessError) as e:
                    row.figure(name).error = str(e)
                    del live[name]
            names = list(live)
            for r in range(settings.runs):
                for name in rotated(names, r):
                    srv = live.get(name)
                    if srv is None:
                        continue
                    try:
                        cpu0 = srv.cpu()
                        requests, wall = load(srv.port, path, conns, max(1, round(settings.seconds)))
                        cpu = srv.cpu() - cpu0
                        srv.check_alive()
                        row.figure(name).add(requests / wall, cpu, requests, wall)
                    except (BenchError, OSError, subprocess.SubprocessError) as e:
                        row.figure(name).error = str(e)
                        log(f"  {name}: {e}")
                        del live[name]


def run(settings, servers, log):
    rows = {c: Row(f"http-hello-{c}", "HTTP", f"HTTP/1.1 hello world, wrk, {c} keep-alive conns",
                   "req/s", "request") for c in (64, 256)}
    log("http hello: " + ", ".join(servers))
    interleaved(rows, {name: (lambda n=name: start(n, settings)) for name in servers},
                "/", HELLO, settings, log)
    statics = []
    for size, name in STATIC_FILES.items():
        static = Row(f"http-static-{size}", "HTTP", f"static {size}-byte file, wrk, 64 conns "
                     "(./torsion web vs nginx)", "req/s", "request")
        want = open(os.path.join(static_dir(settings), name), "rb").read()
        log(f"http static {size} B: torsion, nginx")
        interleaved({64: static}, {server: (lambda n=server: start_static(n, settings))
                                   for server in ("torsion", "nginx")},
                    "/" + name, want, settings, log)
        statics.append(static)
    return list(rows.values()) + statics
