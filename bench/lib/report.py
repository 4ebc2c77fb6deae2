"""The results as Markdown tables (printed, and pasted into the README) with the goals of issues 8 and 20."""
from common import LABELS
from lb_rows import SETUPS

SERVER_COLUMNS = ["torsion", "torsion-runner", "netty-nio", "netty-epoll", "nginx", "twisted", "iperf3"]
CPU_SHORT = {"request": "µs/req", "MB": "µs/MB", "round trip": "µs/rt"}


def fmt(v):
    if v is None:
        return "–"
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.2f}M"
    if a >= 1e5:
        return f"{v / 1e3:.0f}k"
    if a >= 1e4:
        return f"{v / 1e3:.1f}k"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(r, cpu_unit=None):
    if r is None:
        return "–"
    if "median" not in r:
        return "n/a"
    text = f"**{fmt(r['median'])}** [{fmt(r['min'])}–{fmt(r['max'])}]"
    if cpu_unit and "server_cpu_us_per_op" in r:
        text += f" · {fmt(r['server_cpu_us_per_op'])}{CPU_SHORT.get(cpu_unit, '')}"
    return text


def median(row, server):
    r = row["results"].get(server) or {}
    return r.get("median")


def ratio(row, a, b):
    x, y = median(row, a), median(row, b)
    if x is None or not y:
        return None
    return x / y


def goals(row):
    """The goals of issue 8 that apply to this row, each (text, met or None when unmeasured)."""
    out = []
    rid = row["id"]
    if rid.startswith("http-hello") or rid.startswith("echo-"):
        r = ratio(row, "torsion", "netty-nio")
        out.append((f"≥ Netty NIO ({fmt(r)}×)" if r else "≥ Netty NIO", None if r is None else r >= 1.0))
        t = ratio(row, "torsion", "twisted")
        out.append((f"≥ 10× Twisted ({fmt(t)}×)" if t else "≥ 10× Twisted", None if t is None else t >= 10))
    if rid == "idle-100k":
        t = row["results"].get("torsion") or {}
        rss = t.get("server_rss_mb")
        how = f"projected from {t['projected_from']:,}: " if t.get("projected_from") else ""
        out.append((f"100k idle < 1 GB ({how}RSS {fmt(rss)} MB)" if rss else "100k idle < 1 GB",
                    None if rss is None else rss < 1000))
    out += issue20_goals(row)
    if rid.startswith("jmh-deferred"):
        r = ratio(row, "torsion", "completablefuture")
        out.append((f"≤ CompletableFuture ({fmt(r)}×)" if r else "≤ CompletableFuture",
                    None if r is None else r <= 1.0))
    return out


def issue20_goals(row):
    """The goals of issue 20 (performance): a lead over Netty epoll on small messages and HTTP,
    idle connections through ./torsion in at most 1,500 B of RSS, static files near nginx."""
    out = []
    rid = row["id"]
    if rid in ("pingpong-100", "echo-64") or rid.startswith("http-hello"):
        r = ratio(row, "torsion", "netty-epoll")
        out.append((f"≥ Netty epoll ({fmt(r)}×)" if r else "≥ Netty epoll", None if r is None else r >= 1.0))
    if rid.startswith("http-static"):
        r = ratio(row, "torsion", "nginx")
        out.append((f"≥ 0.9× nginx ({fmt(r)}×)" if r else "≥ 0.9× nginx", None if r is None else r >= 0.9))
        t = (row["results"].get("torsion") or {}).get("server_cpu_us_per_op")
        n = (row["results"].get("nginx") or {}).get("server_cpu_us_per_op")
        out.append((f"CPU/request ≤ nginx ({fmt(t)} vs {fmt(n)} µs)" if t and n else "CPU/request ≤ nginx",
                     None if not (t and n) else t <= n))
    if rid.startswith("idle-") and not rid.startswith("idle-tls") and 15_000 <= idle_count(rid) <= 20_000:
        r = row["results"].get("torsion-runner") or {}
        rss = r.get("rss_per_conn") if "median" in r and not r.get("projected_from") else None
        out.append((f"./torsion echo ≤ 1,500 B RSS/conn ({fmt(rss)} B)" if rss else "./torsion echo ≤ 1,500 B RSS/conn",
                    None if rss is None else rss <= 1500))
    if rid.startswith("idle-tls"):
        t = (row["results"].get("torsion") or {}).get("rss_per_conn")
        n = (row["results"].get("netty-nio") or {}).get("rss_per_conn")
        out.append((f"TLS RSS/conn ≤ Netty ({fmt(t)} vs {fmt(n)} B)" if t and n else "TLS RSS/conn ≤ Netty",
                     None if not (t and n) else t <= n))
    return out


def idle_count(rid):
    digits = rid.removeprefix("idle-").removesuffix("k")
    return int(digits) * 1000 if digits.isdigit() else 0


def goal_text(row):
    parts = []
    for text, met in goals(row):
        parts.append(("✅ " if met else "❌ " if met is False else "❔ ") + text)
    return "; ".join(parts)


def server_table(rows):
    shown = [s for s in SERVER_COLUMNS if any(s in r["results"] for r in rows)]
    head = ["row"] + [LABELS[s] for s in shown] + ["Torsion / Netty NIO", "goals"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        r = ratio(row, "torsion", "netty-nio")
        cells = [f"{row['title']} ({row['unit']})"]
        cells += [cell(row["results"].get(s), row.get("cpu_unit")) for s in shown]
        cells += [f"{r:.2f}" if r else "–", goal_text(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def idle_table(rows):
    servers = [s for s in SERVER_COLUMNS if any(s in r["results"] for r in rows)]
    head = ["idle connections"]
    for s in servers:
        head += [f"{LABELS[s]} heap/conn", f"{LABELS[s]} RSS/conn", f"{LABELS[s]} RSS total"]
    head.append("goal")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["id"].removeprefix("idle-").replace("tls-", "TLS, ")]
        for s in servers:
            r = row["results"].get(s) or {}
            if "median" not in r:
                cells += ["n/a", "n/a", "n/a"]
                continue
            if r.get("projected_from"):
                cells += [f"({fmt(r['median'])} B)", f"({fmt(r.get('rss_per_conn'))} B)",
                          f"{fmt(r.get('server_rss_mb'))} MB projected"]
                continue
            cells += [f"{fmt(r['median'])} B", f"{fmt(r.get('rss_per_conn'))} B",
                      f"{fmt(r.get('server_rss_mb'))} MB"]
        cells.append(goal_text(row))
        lines.append("| " + " | ".join(cells) + " |")
    connect = [f"{LABELS[s]} {fmt(r['results'][s]['connect_seconds'])} s" for r in rows[:1]
               for s in servers if "connect_seconds" in (r["results"].get(s) or {})]
    if connect:
        lines += ["", f"Time to open the first {rows[0]['id'].removeprefix('idle-')} connections: "
                  + ", ".join(connect) + "."]
    return lines


def jmh_table(rows):
    head = ["microbenchmark (JMH)", "Torsion", "CompletableFuture", "Torsion / CF", "goal"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        r = ratio(row, "torsion", "completablefuture")
        lines.append("| " + " | ".join([
            f"{row['title']} ({row['unit']})",
            cell(row["results"].get("torsion")),
            cell(row["results"].get("completablefuture")),
            f"{r:.2f}" if r else "–",
            goal_text(row)]) + " |")
    return lines


def lb_table(rows):
    """The load-balancer rows: one column per setup (lb_rows.SETUPS), not per server."""
    head = ["row"] + list(SETUPS.values())
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [f"{row['title']} ({row['unit']})"]
        cells += [cell(row["results"].get(k), row.get("cpu_unit")) for k in SETUPS]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(results):
    meta = results["meta"]
    rows = results["rows"]
    net = [r for r in rows if r["group"] in ("HTTP", "HTTP/2", "TCP echo", "TLS")]
    idle = [r for r in rows if r["group"] == "Idle connections"]
    jmh = [r for r in rows if r["group"] == "JMH"]
    lb = [r for r in rows if r["group"] == "Load balancer"]
    out = [
        f"{meta['mode']} run (`{meta.get('command', 'bench/run')}`), {meta['date']}, commit {meta['commit']}; {meta['cpus']} cores "
        f"({meta['cpu_model']}), {meta['java']}; load average {meta['load_before']:.2f} before, "
        f"{meta['load_after']:.2f} after"
        + ("" if not meta.get("load_at_start_of") else " (at the start of each group: "
           + ", ".join(f"{k} {v:.2f}" for k, v in meta["load_at_start_of"].items()) + ")")
        + ". The machine is shared: load from other work falls on whatever runs at the time; "
        "HTTP, HTTP/2 and echo servers are measured in turn, round by round, to spread it.",
        "",
        f"**Pinning: every server on core {meta['server_core']}, every load generator on core "
        f"{meta['client_core']}** (`taskset`). Each figure: **median** [min–max] of "
        f"{meta['runs']} runs of {meta['seconds']:g} s, after {meta.get('warmup_first', 0):g} s of "
        f"warm-up for a fresh server and {meta['warmup']:g} s before each further level, "
        "then the server's CPU time (utime+stime from /proc/PID/stat) per request, per MB or per "
        "round trip. Echo bytes are verified byte for byte by the load client.",
        "",
    ]
    if net:
        out += server_table(net)
    if lb:
        out += ["", "Behind a load balancer (server CPU: the Torsion processes together):", ""]
        out += lb_table(lb)
    if idle:
        out += ["", "Idle connections (live heap after a full GC, and RSS, beyond the idle server's):", ""]
        out += idle_table(idle)
    if jmh:
        out += ["", "JMH (lower ns/op is better; MB/s higher):", ""]
        out += jmh_table(jmh)
    return "\n".join(out) + "\n"
