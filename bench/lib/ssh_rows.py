"""SSH rows: bulk throughput through Torsion's SSH server (./torsion conch) beside OpenSSH's
sshd, both driven by OpenSSH's ssh and sftp on the client core.

Rows (each byte counted once, MB = 10^6 bytes):
  ssh-down-<cipher>   ssh HOST 'head -c N /dev/zero' > /dev/null      server -> client
  ssh-up-<cipher>     head -c N /dev/zero | ssh HOST 'cat > /dev/null' client -> server
  sftp-get            sftp -b 'get FILE /dev/null' of an N-byte file
N is 1 GB (200 MB with --quick). Server CPU is the whole process tree's (sshd forks a process
per connection; both servers run sh, head and cat as children), read before and after a run.

usage (standalone): python3 bench/lib/ssh_rows.py [--quick]   (prints the rows as JSON)
"""
import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from common import ROOT, SERVER_JVM, Row
from procs import CLIENT_CORE, TICK, BenchError, Server, free_port

CIPHERS = ("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com")
JAR = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
SSHD = "/usr/sbin/sshd"


def _proc_cpu(pid, children=True):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # proc(5) fields 14-17: utime, stime, cutime, cstime (fields[0] here is field 3)
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def tree_cpu(root):
    """CPU seconds of root, its reaped children, and every live descendant (and theirs)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    parents[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += _proc_cpu(pid)
        except (OSError, ValueError, IndexError):
            continue
        todo += [p for p, pp in parents.items() if pp == pid]
    return total


def keygen(kind, path):
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", path], check=True,
                   stdin=subprocess.DEVNULL)


def start_torsion(tmp, port):
    if not os.path.exists(JAR):
        raise BenchError(f"{JAR} missing: build torsion-all first")
    files = os.path.join(tmp, "files")
    return Server("torsion-conch", ["java"] + SERVER_JVM + [
        "-jar", JAR, "conch", "--listen", f"tcp:{port}:interface=127.0.0.1",
        "--host-key", os.path.join(tmp, "host_ed25519"),
        "--authorized-keys", f"{getpass.getuser()}={os.path.join(tmp, 'authorized_keys')}",
        "--sftp-root", files], port)


def start_sshd(tmp, port):
    if getpass.getuser() == "root":
        os.makedirs("/run/sshd", exist_ok=True)   # sshd's privilege separation directory
    config = os.path.join(tmp, "sshd_config")
    with open(config, "w") as f:
        f.write("\n".join([
            f"HostKey {os.path.join(tmp, 'host_ed25519')}",
            f"PidFile {os.path.join(tmp, 'sshd.pid')}",
            f"AuthorizedKeysFile {os.path.join(tmp, 'authorized_keys')}",
            "UsePAM no", "StrictModes no", "PasswordAuthentication no",
            "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
            f"Subsystem sftp internal-sftp -d {os.path.join(tmp, 'files')}", "LogLevel ERROR", ""]))
    return Server("openssh-sshd", [SSHD, "-D", "-e", "-f", config, "-o", f"Port={port}",
                                   "-o", "ListenAddress=127.0.0.1"], port)


def ssh_argv(tmp, port, cipher=None):
    argv = ["ssh", "-F", "/dev/null", "-p", str(port), "-i", os.path.join(tmp, "id"),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", f"UserKnownHostsFile={os.path.join(tmp, 'known_hosts')}"]
    if cipher:
        argv += ["-o", f"Ciphers={cipher}"]
    return argv + [f"{getpass.getuser()}@127.0.0.1"]


def timed(srv, shell_command, timeout):
    """Runs shell_command pinned to the client core; (wall seconds, server CPU seconds)."""
    cpu0 = tree_cpu(srv.pid)
    t0 = time.monotonic()
    done = subprocess.run(["taskset", "-c", CLIENT_CORE, "sh", "-c", shell_command],
                          capture_output=True, text=True, timeout=timeout)
    wall = time.monotonic() - t0
    if done.returncode != 0:
        raise BenchError(f"{shell_command[:60]}...: exit {done.returncode}: {done.stderr.strip()[:200]}")
    return wall, tree_cpu(srv.pid) - cpu0


def q(argv):
    return " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)


def run(settings, log):
    size = 200_000_000 if settings.quick else 1_000_000_000
    runs = 1 if settings.quick else 3
    mb = size / 1e6
    rows = {}
    for c in CIPHERS:
        short = c.split("@")[0]
        rows[f"down-{c}"] = Row(f"ssh-down-{short}", "SSH", f"ssh download, {short}, {mb:.0f} MB",
                                "MB/s", "MB")
        rows[f"up-{c}"] = Row(f"ssh-up-{short}", "SSH", f"ssh upload, {short}, {mb:.0f} MB",
                              "MB/s", "MB")
    rows["sftp"] = Row("sftp-get", "SSH", f"sftp get of a {mb:.0f} MB file (default cipher)",
                       "MB/s", "MB")
    tmp = tempfile.mkdtemp(prefix="torsion-bench-ssh-", dir=settings.tmp if os.path.isdir(settings.tmp) else None)
    try:
        keygen("ed25519", os.path.join(tmp, "host_ed25519"))
        keygen("ed25519", os.path.join(tmp, "id"))
        shutil.copy(os.path.join(tmp, "id.pub"), os.path.join(tmp, "authorized_keys"))
        os.makedirs(os.path.join(tmp, "files"))
        with open(os.path.join(tmp, "files", "big.bin"), "wb") as f:
            f.truncate(size)   # sparse: the disk is not what is measured
        with open(os.path.join(tmp, "host_ed25519.pub")) as f:
            hostkey = f.read().split()[:2]
        for name, start in (("torsion", start_torsion), ("openssh", start_sshd)):
            port = free_port()
            with open(os.path.join(tmp, "known_hosts"), "w") as f:
                f.write(f"[127.0.0.1]:{port} {' '.join(hostkey)}\n")
            log(f"ssh bulk: {name}")
            try:
                with start(tmp, port) as srv:
                    timeout = 60 + size / 5e6
                    timed(srv, q(ssh_argv(tmp, port) + ["true"]), 60)   # warm up (JIT, caches)
                    for c in CIPHERS:
                        for _ in range(runs):
                            wall, cpu = timed(srv, q(ssh_argv(tmp, port, c) + [f"head -c {size} /dev/zero"])
                                              + " > /dev/null", timeout)
                            rows[f"down-{c}"].figure(name).add(mb / wall, cpu, mb, wall)
                            wall, cpu = timed(srv, f"head -c {size} /dev/zero | "
                                              + q(ssh_argv(tmp, port, c) + ["cat > /dev/null"]), timeout)
                            rows[f"up-{c}"].figure(name).add(mb / wall, cpu, mb, wall)
                    batch = os.path.join(tmp, "batch")
                    with open(batch, "w") as f:
                        # internal-sftp -d and Torsion's root both start in the files directory
                        f.write("get big.bin /dev/null\n")
                    sftp = ["sftp", "-F", "/dev/null", "-P", str(port), "-i", os.path.join(tmp, "id"),
                            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                            "-o", f"UserKnownHostsFile={os.path.join(tmp, 'known_hosts')}",
                            "-b", batch, f"{getpass.getuser()}@127.0.0.1"]
                    for _ in range(runs):
                        wall, cpu = timed(srv, q(sftp) + " > /dev/null", timeout)
                        rows["sftp"].figure(name).add(mb / wall, cpu, mb, wall)
                    srv.check_alive()
            except (BenchError, OSError, subprocess.SubprocessError) as e:
                for row in rows.values():
                    if not row.figure(name).values:
                        row.figure(name).error = str(e)
                log(f"  {name}: {e}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for row in rows.values():
        row.note = "OpenSSH's ssh/sftp as the client for both servers; server CPU includes its children"
    return list(rows.values())


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from common import Settings
    out = run(Settings.of("--quick" in sys.argv), lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps([r.to_json() for r in out], indent=1))
