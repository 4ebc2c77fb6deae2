"""bench/run's body: runs every row, prints the table, writes JSON and an SVG chart.

usage: python3 bench/lib/harness.py [--quick] [--only http,h2,lb,tcp,idle,jmh,dns,mail,ftp,irc,ssh]
                                    [--max-load 0.8] [--results NAME]
                                    [--wait-seconds 600]
"""
import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time

import chart
import dns_rows
import ftp_rows
import h2_rows
import http_rows
import idle_jmh_rows
import irc_rows
import lb_rows
import mail_rows
import report
import ssh_rows
import tcp_rows
from common import BENCH, CLASSPATH, ROOT, Settings
from procs import CLIENT_CORE, SERVER_CORE, loadavg

HTTP_SERVERS = ["torsion", "netty-nio", "netty-epoll", "nginx", "twisted"]
ECHO_SERVERS = ["torsion", "netty-nio", "netty-epoll", "twisted"]
FILE_LIMIT = 300_000
DEFAULT_GROUPS = "http,h2,lb,tcp,idle,jmh,dns,mail,ftp,irc,ssh"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def wait_for_quiet(max_load, wait_seconds):
    """Numbers taken on a busy machine are noise: wait (bounded) for the 1-minute load to drop."""
    deadline = time.monotonic() + wait_seconds
    load = loadavg()
    while load >= max_load and time.monotonic() < deadline:
        log(f"load average {load:.2f} >= {max_load}: waiting (up to {wait_seconds:.0f}s in all)")
        time.sleep(15)
        load = loadavg()
    return load


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, max(hard, FILE_LIMIT)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def first_line(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=ROOT)
        return ((done.stdout or done.stderr).strip().splitlines() or [""])[0]
    except (OSError, subprocess.SubprocessError):
        return ""


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def make_certificate(settings):
    pem = os.path.join(settings.tmp, "server.pem")
    subprocess.run(["java", "-cp", CLASSPATH, "dev.torsion.bench.MakeCertificate", pem], check=True)
    return pem


def with_verdicts(row):
    """Adds Torsion's ratio to Netty NIO and the goals' verdicts to a row's JSON."""
    r = report.ratio(row, "torsion", "netty-nio")
    if r is not None:
        row["torsion_to_netty_nio"] = round(r, 3)
    verdicts = report.goals(row)
    if verdicts:
        row["goals"] = [{"goal": text, "met": met} for text, met in verdicts]
    return row


def main():
    p = argparse.ArgumentParser(description="Torsion benchmarks beside Netty, nginx and Twisted")
    p.add_argument("--quick", action="store_true", help="fewer, shorter runs (under 3 minutes)")
    p.add_argument("--only", default=DEFAULT_GROUPS,
                   help="row groups to run")
    p.add_argument("--max-load", type=float, default=0.8)
    p.add_argument("--wait-seconds", type=float, default=None,
                   help="how long to wait for a quiet machine (default 600 full, 0 quick)")
    p.add_argument("--results", default=None,
                   help="write bench/results/NAME.{json,svg,md} (default latest, quick for --quick)")
    args = p.parse_args()
    settings = Settings.of(args.quick)
    os.makedirs(settings.tmp, exist_ok=True)
    groups = set(args.only.split(","))
    limit = raise_file_limit()
    settings.file_limit = limit
    if limit < 110_000:
        log(f"file limit {limit}: larger idle rows are projected, not measured")

    wait = args.wait_seconds if args.wait_seconds is not None else (0 if args.quick else 600)
    load_before = wait_for_quiet(args.max_load, wait)
    started = time.monotonic()
    rows = []
    loads = {}
    if "http" in groups:
        loads["http"] = loadavg()
        rows += http_rows.run(settings, HTTP_SERVERS, log)
    if "h2" in groups:
        loads["h2"] = loadavg()
        rows += h2_rows.run(settings, log)
    if "lb" in groups:
        loads["lb"] = loadavg()
        rows += lb_rows.run(settings, log)
    pem = make_certificate(settings) if groups & {"tcp", "idle", "ftp"} else None
    if "tcp" in groups:
        loads["tcp"] = loadavg()
        rows += tcp_rows.run(settings, ECHO_SERVERS, pem, log)
    if "idle" in groups:
        loads["idle"] = loadavg()
        rows += idle_jmh_rows.idle(settings, log)
        rows += idle_jmh_rows.idle_tls(settings, pem, log)
    if "jmh" in groups:
        loads["jmh"] = loadavg()
        rows += idle_jmh_rows.jmh(settings, log)
    # Protocol rows, one module each, beside the peer each protocol is compared with.
    for group, run in (("dns", lambda: dns_rows.run(settings, ["torsion", "twisted"], log)),
                       ("mail", lambda: mail_rows.run(settings, log)),
                       ("ftp", lambda: ftp_rows.run(settings, pem, log)),
                       ("irc", lambda: irc_rows.run(settings, log)),
                       ("ssh", lambda: ssh_rows.run(settings, log))):
        if group in groups:
            loads[group] = loadavg()
            rows += run()
    load_after = loadavg()

    results = {
        "meta": {
            "mode": "quick" if args.quick else "full",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": first_line(["git", "rev-parse", "--short", "HEAD"]),
            "cpus": os.cpu_count(),
            "cpu_model": cpu_model(),
            "kernel": platform.release(),
            "java": first_line(["java", "-version"]),
            "server_core": int(SERVER_CORE),
            "client_core": int(CLIENT_CORE),
            "runs": settings.runs, "seconds": settings.seconds, "warmup": settings.warmup,
            "warmup_first": settings.warmup_first,
            "load_before": load_before, "load_after": load_after,
            "load_at_start_of": loads,
            "max_load_wanted": args.max_load,
            "file_limit": limit,
            "elapsed_seconds": round(time.monotonic() - started, 1),
            "command": "bench/run" + (" --quick" if args.quick else "")
                       + ("" if args.only == DEFAULT_GROUPS else f" --only {args.only}"),
        },
        "rows": [with_verdicts(r.to_json()) for r in rows],
    }
    out_dir = os.path.join(BENCH, "results")
    os.makedirs(out_dir, exist_ok=True)
    name = args.results or ("quick" if args.quick else "latest")
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out_dir, name + ".svg"), "w") as f:
        f.write(chart.svg(results))
    with open(os.path.join(out_dir, name + ".md"), "w") as f:
        f.write(report.markdown(results))
    print(report.markdown(results))
    log(f"done in {results['meta']['elapsed_seconds']:.0f}s: bench/results/{name}.json, "
        f"{name}.svg, {name}.md")


if __name__ == "__main__":
    main()
