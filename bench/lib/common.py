"""What every row shares: the run settings, the servers' command lines, and the statistics."""
import os
import statistics
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "bench")
MODULE = os.path.join(ROOT, "torsion-bench")
CLASSPATH = os.path.join(MODULE, "target", "classes") + ":" + os.path.join(MODULE, "target", "lib", "*")
PYTHON = "/usr/bin/python3"

# Same flags for every Java server (Torsion and Netty alike) and for the Java load clients.
SERVER_JVM = ["-Xms512m", "-Xmx2g", "-XX:+UseParallelGC"]
CLIENT_JVM = ["-Xms256m", "-Xmx2g", "-XX:+UseParallelGC"]

LABELS = {
    "torsion": "Torsion",
    "torsion-runner": "./torsion echo",
    "netty-nio": "Netty NIO",
    "netty-epoll": "Netty epoll",
    "nginx": "nginx",
    "twisted": "Twisted",
    "iperf3": "iperf3 (ceiling)",
}


@dataclass
class Settings:
    quick: bool
    warmup: float       # seconds of load before measuring a level on an already warm server
    runs: int           # measured intervals per figure (the median is reported)
    seconds: float      # length of one interval
    idle_counts: list
    jmh_args: list
    # Seconds of load a freshly started server gets first: JIT-compiled Java servers keep getting
    # faster for several seconds (Netty's HTTP server for ~8 s on this machine).
    warmup_first: float = 0.0
    tmp: str = "/tmp/torsion-bench"
    file_limit: int = 1 << 20

    @staticmethod
    def of(quick):
        if quick:
            return Settings(True, 0.5, 3, 0.5, [5_000],
                            ["-f", "1", "-wi", "1", "-i", "3", "-w", "200ms", "-r", "200ms"],
                            warmup_first=1.0)
        return Settings(False, 2.0, 5, 2.0, [10_000, 50_000, 100_000],
                        ["-f", "1", "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"],
                        warmup_first=8.0)


def torsion_command(*args):
    """./torsion itself, so that its JVM flags are the ones measured."""
    return [os.path.join(ROOT, "torsion")] + [str(a) for a in args]


def torsion_env():
    # bench/run built the jar; the script must not rebuild it mid-run because someone touched a
    # source file in a shared tree since.
    return dict(os.environ, TORSION_NO_BUILD="1")


def java(jvm, main, *args):
    return ["java"] + jvm + ["-cp", CLASSPATH, main] + [str(a) for a in args]


def bench_main(cls, *args):
    return java(SERVER_JVM, "dev.torsion.bench." + cls, *args)


def load_main(cls, *args):
    return java(CLIENT_JVM, "dev.torsion.bench." + cls, *args)


@dataclass
class Figure:
    """One server's measurements in one row: a value per run and the server CPU it took."""
    values: list = field(default_factory=list)
    cpu_per_op: list = field(default_factory=list)     # server CPU microseconds per unit
    cpu_busy: list = field(default_factory=list)       # server CPU seconds per wall second
    error: str = None
    extra: dict = field(default_factory=dict)

    def add(self, value, cpu_seconds, ops, wall):
        self.values.append(value)
        if ops > 0:
            self.cpu_per_op.append(cpu_seconds * 1e6 / ops)
        if wall > 0:
            self.cpu_busy.append(cpu_seconds / wall)

    def summary(self):
        if self.error and not self.values:
            return {"error": self.error}
        out = {
            "median": statistics.median(self.values),
            "min": min(self.values),
            "max": max(self.values),
            "runs": self.values,
        }
        if self.cpu_per_op:
            out["server_cpu_us_per_op"] = statistics.median(self.cpu_per_op)
        if self.cpu_busy:
            out["server_cpu_busy"] = statistics.median(self.cpu_busy)
        if self.error:
            out["error"] = self.error
        out.update(self.extra)
        return out


@dataclass
class Row:
    id: str
    group: str
    title: str
    unit: str
    cpu_unit: str = None                 # what server_cpu_us_per_op is per (request, MB, ...)
    higher_is_better: bool = True
    figures: dict = field(default_factory=dict)
    note: str = None

    def figure(self, server):
        return self.figures.setdefault(server, Figure())

    def to_json(self):
        return {
            "id": self.id, "group": self.group, "title": self.title, "unit": self.unit,
            "cpu_unit": self.cpu_unit, "higher_is_better": self.higher_is_better,
            "note": self.note,
            "results": {k: f.summary() for k, f in self.figures.items()},
        }
