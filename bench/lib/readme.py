"""Writes the README's Performance section (the last section) from bench/results/latest.md.

usage: python3 bench/lib/readme.py      # after a full bench/run; touches nothing above the section
"""
import os

from common import BENCH, ROOT

HEADING = "## Performance"

INTRO = """\
`bench/run` measures Torsion beside Netty 4.1 (NIO, and epoll when its native transport
loads), nginx (1 worker), Python Twisted and iperf3, all on loopback, in one command:

```sh
bench/run            # every group; waits up to 10 minutes for a quiet machine
bench/run --only http,h2,tcp,idle,jmh   # the engine's rows (about 15 minutes), as below
bench/run --quick    # a shorter pass for development, under 3 minutes
```

It installs what it needs (Debian: wrk, nginx-light, python3-twisted, iperf3; Netty and JMH come
from Maven Central into the `torsion-bench` module only, which `mvn -B verify` never builds), then
writes `bench/results/latest.json`, a chart, [`bench/results/latest.svg`](bench/results/latest.svg),
and the tables below. On this 2-core machine the server always runs on core 0 and the load
generator on core 1 (`taskset`), and next to each throughput figure is the CPU time the server
process spent per request, per MB or per round trip (utime+stime from `/proc/PID/stat`), which
says more than the throughput when the load generator is the limit. The goals from the benchmark
issue are marked in the last column (they are goals, not build failures).

What each row is: HTTP rows are wrk keep-alive hello world (`TorsionHttpServer` is a one-resource
`Site`; Netty's is `HttpServerCodec` plus a handler; Twisted's is `twisted.web`), and a 13-byte
and a 2 KiB file served by `./torsion web` (started by the `./torsion` script, with its JVM flags)
against nginx. Echo rows use `EchoLoad`, one selector thread keeping
1 MiB in flight per connection (ping-pong: one 64-byte message at a time) and checking every
byte it gets back. TLS rows use JDK `SSLSocket` clients against Torsion's TLS layer and Netty's
`SslHandler`, both on the JDK's SSLEngine with the same certificate. Idle rows hold connections
open from several 127.0.0.x addresses and read the server's live heap (`jcmd GC.class_histogram`
after a full GC) and RSS; they measure the bench's echo servers (Torsion's and Netty's under the
same `-Xmx2g -XX:+UseParallelGC`) and `./torsion echo` as users run it (the script's JVM flags;
on the one core the bench gives it the JVM runs Serial, with the small young generation
`./torsion` asks for there: docs/design/idle-memory.md). HTTP/2 rows are h2load over h2c with
prior knowledge, 10 streams per connection, against Netty's `Http2FrameCodec` and nginx's
`http2`. JMH rows run in their own JVM on core 0.
"""


def main():
    readme_path = os.path.join(ROOT, "README.md")
    table = open(os.path.join(BENCH, "results", "latest.md")).read().strip()
    readme = open(readme_path).read()
    at = readme.find("\n" + HEADING + "\n")
    head = readme if at < 0 else readme[:at]
    section = f"{HEADING}\n\n{INTRO}\n### Latest full run\n\n{table}\n"
    notes_path = os.path.join(BENCH, "results", "notes.md")
    if os.path.exists(notes_path):
        section += "\n" + open(notes_path).read().strip() + "\n"
    with open(readme_path, "w") as f:
        f.write(head.rstrip("\n") + "\n\n" + section)


if __name__ == "__main__":
    main()
