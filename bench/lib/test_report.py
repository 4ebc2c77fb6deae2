"""Checks of the table, goals and chart on made-up results: python3 bench/lib/test_report.py"""
import unittest
import xml.dom.minidom

import chart
import report
from common import Row


def fake_results():
    http = Row("http-hello-64", "HTTP", "hello", "req/s", "request")
    for name, values in {"torsion": [100, 110, 120], "netty-nio": [90, 100, 95],
                         "twisted": [11, 12, 13]}.items():
        for v in values:
            http.figure(name).add(v, 0.5, 1000, 1.0)
    idle = Row("idle-100k", "Idle connections", "idle", "bytes/conn", higher_is_better=False)
    fig = idle.figure("torsion")
    fig.values = [850.0]
    fig.error = "needs a file limit above 100000"
    fig.extra.update(projected_from=18000, rss_per_conn=5000.0, server_rss_mb=558.0)
    jmh = Row("jmh-deferred-3", "JMH", "three callbacks", "ns/op", higher_is_better=False)
    jmh.figure("torsion").values = [50.0, 52.0, 49.0]
    jmh.figure("completablefuture").values = [150.0, 160.0]
    meta = dict(mode="full", date="d", commit="c", cpus=2, cpu_model="x", java="j",
                load_before=0.5, load_after=0.7, server_core=0, client_core=1, runs=3,
                seconds=2, warmup=3)
    return {"meta": meta, "rows": [r.to_json() for r in (http, idle, jmh)]}


class ReportTest(unittest.TestCase):
    def test_medians_ranges_and_cpu_per_request(self):
        row = fake_results()["rows"][0]
        self.assertEqual(row["results"]["torsion"]["median"], 110)
        self.assertEqual(row["results"]["torsion"]["min"], 100)
        self.assertAlmostEqual(row["results"]["torsion"]["server_cpu_us_per_op"], 500.0)

    def test_goals_are_judged_on_medians(self):
        http, idle, jmh = fake_results()["rows"]
        # 1.16x Netty NIO, 9.2x Twisted, no Netty epoll figure to judge against
        self.assertEqual([met for _, met in report.goals(http)], [True, False, None])
        self.assertEqual([met for _, met in report.goals(idle)], [True])
        self.assertIn("projected from 18,000", report.goal_text(idle))
        self.assertEqual([met for _, met in report.goals(jmh)], [True])

    def test_issue_20_goals(self):
        static = Row("http-static-13", "HTTP", "static", "req/s", "request")
        static.figure("torsion").add(95, 0.5, 10_000, 1.0)   # 50 µs/request
        static.figure("nginx").add(100, 0.4, 10_000, 1.0)    # 40 µs/request
        self.assertEqual([met for _, met in report.goals(static.to_json())], [True, False])
        idle = Row("idle-18k", "Idle connections", "idle", "bytes/conn", higher_is_better=False)
        runner = idle.figure("torsion-runner")
        runner.values = [800.0]
        runner.extra.update(rss_per_conn=1400.0)
        self.assertEqual([met for _, met in report.goals(idle.to_json())], [True])
        self.assertIn("1400 B", report.goal_text(idle.to_json()))

    def test_markdown_states_the_pinning(self):
        text = report.markdown(fake_results())
        self.assertIn("every server on core 0, every load generator on core 1", text)
        self.assertIn("558 MB projected", text)

    def test_load_balancer_rows_get_a_column_per_setup(self):
        results = fake_results()
        lb = Row("lb-haproxy-static", "Load balancer", "behind haproxy", "req/s", "request")
        for setup, value in {"direct-1": 9000, "haproxy-1": 6000, "haproxy-2": 5800}.items():
            lb.figure(setup).add(value, 0.2, 1000, 1.0)
        results["rows"].append(lb.to_json())
        text = report.markdown(results)
        self.assertIn("| row | 1 process, no HAProxy | 1 process behind HAProxy | 2 processes behind"
                      " HAProxy |", text)
        self.assertIn("| behind haproxy (req/s) | **9000** [9000–9000] · 200µs/req |", text)
        xml.dom.minidom.parseString(chart.svg(results))

    def test_chart_is_well_formed_svg_without_projected_rows(self):
        svg = chart.svg(fake_results())
        doc = xml.dom.minidom.parseString(svg)
        self.assertEqual(doc.documentElement.tagName, "svg")
        self.assertNotIn("idle", svg.split("</style>")[1].lower().replace("idle connections", ""))


if __name__ == "__main__":
    unittest.main()
