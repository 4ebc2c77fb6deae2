"""A dependency-free SVG bar chart of the results: one panel per row, a bar per server, each
bar scaled to the row's best so rows of different units share one picture."""
from xml.sax.saxutils import escape

from common import LABELS
from report import fmt

COLORS = {
    "torsion": "#d9480f", "torsion-runner": "#f08c00", "netty-nio": "#1971c2", "netty-epoll": "#4dabf7", "nginx": "#2f9e44",
    "twisted": "#7048e8", "iperf3": "#868e96", "completablefuture": "#1971c2",
}
LABELS = dict(LABELS, completablefuture="CompletableFuture")
WIDTH = 900
LABEL_W = 150
BAR_H = 16
GAP = 4
TITLE_H = 22
PANEL_GAP = 14


def svg(results):
    rows = [r for r in results["rows"]
            if any("median" in v and not v.get("projected_from") for v in r["results"].values())]
    parts = []
    y = 40
    for row in rows:
        measured = [(k, v) for k, v in row["results"].items() if "median" in v]
        best = max(v["max"] for _, v in measured) or 1
        better = "higher is better" if row["higher_is_better"] else "lower is better"
        parts.append(f'<text x="10" y="{y + 15}" class="t">{escape(row["title"])} '
                     f'({escape(row["unit"])}, {better})</text>')
        y += TITLE_H
        for key, v in measured:
            w = max(1, (WIDTH - LABEL_W - 120) * v["median"] / best)
            lo = (WIDTH - LABEL_W - 120) * v["min"] / best
            hi = (WIDTH - LABEL_W - 120) * v["max"] / best
            color = COLORS.get(key, "#495057")
            parts.append(f'<text x="{LABEL_W - 6}" y="{y + 12}" class="l">{escape(LABELS.get(key, key))}</text>')
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{color}"/>')
            parts.append(f'<line x1="{LABEL_W + lo:.1f}" x2="{LABEL_W + hi:.1f}" y1="{y + BAR_H / 2}" '
                         f'y2="{y + BAR_H / 2}" stroke="#212529" stroke-width="1.5"/>')
            parts.append(f'<text x="{LABEL_W + max(w, hi) + 6:.1f}" y="{y + 12}" class="v">{fmt(v["median"])}</text>')
            y += BAR_H + GAP
        y += PANEL_GAP
    meta = results["meta"]
    head = (f'Torsion benchmarks, {meta["mode"]} run {meta["date"]} (server core {meta["server_core"]}, '
            f'client core {meta["client_core"]}; median, whiskers min–max)')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y + 10}" '
            f'viewBox="0 0 {WIDTH} {y + 10}" font-family="sans-serif">\n'
            '<style>.t{font-size:13px;font-weight:bold}.l{font-size:11px;text-anchor:end}'
            '.v{font-size:11px}.h{font-size:14px}</style>\n'
            f'<rect width="100%" height="100%" fill="white"/>\n'
            f'<text x="10" y="24" class="h">{escape(head)}</text>\n'
            + "\n".join(parts) + "\n</svg>\n")
