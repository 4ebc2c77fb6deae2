"""FTP rows: one large file down and up over loopback with curl as the client, plain and with
AUTH TLS + PROT P, Torsion's `./torsion ftp` against vsftpd; each transfer verified by size.

Wiring (harness.py): `import ftp_rows` and `rows += ftp_rows.run(settings, pem, log)`, where pem
is make_certificate's combined key and certificate file. Needs curl and vsftpd (apt), and the
runnable jar bench/run builds. vsftpd forks a process per session: its CPU is the session's,
counted (cutime, cstime) once the session has ended and been reaped; the figure is read after
curl exits, so it may miss the last milliseconds of a session that is not reaped yet.
"""
import os
import subprocess

from common import ROOT, Row
from procs import CLIENT_CORE, TICK, BenchError, Server, free_port

SERVERS = ("torsion", "vsftpd")
QUICK_MB = 64
FULL_MB = 512


def cpu_with_children(srv):
    """utime + stime + cutime + cstime: vsftpd's sessions are child processes, reaped when they end."""
    with open(f"/proc/{srv.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def make_root(settings, megabytes):
    root = os.path.join(settings.tmp, "ftp-root")
    os.makedirs(os.path.join(root, "incoming"), exist_ok=True)
    big = os.path.join(root, "big.bin")
    if not os.path.exists(big) or os.path.getsize(big) != megabytes << 20:
        with open(big, "wb") as f:
            chunk = os.urandom(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return root, big


def start(name, root, pem, settings):
    port = free_port()
    if name == "torsion":
        jar = os.path.join(ROOT, "torsion-all", "target", "torsion.jar")
        return Server("torsion-ftp", ["java", "-jar", jar, "--reactors", "1", "ftp",
                                      "--listen", f"tcp:{port}:interface=127.0.0.1", "--root", root,
                                      "--anonymous", "--user", "bench=bench",
                                      "--certificate", pem, "--private-key", pem], port)
    if name == "vsftpd":
        conf = os.path.join(settings.tmp, "vsftpd-bench.conf")
        with open(conf, "w") as f:
            f.write("\n".join([
                "listen=YES", "listen_address=127.0.0.1", f"listen_port={port}", "background=NO",
                "run_as_launching_user=YES", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "anonymous_enable=YES", f"anon_root={root}", "no_anon_password=YES", "local_enable=NO",
                "write_enable=YES", "anon_upload_enable=YES", "anon_other_write_enable=YES",
                "anon_world_readable_only=NO", "connect_from_port_20=NO", "xferlog_enable=NO",
                f"vsftpd_log_file={settings.tmp}/vsftpd-bench.log", "check_shell=NO",
                f"secure_chroot_dir={settings.tmp}", "ssl_enable=YES", f"rsa_cert_file={pem}",
                f"rsa_private_key_file={pem}", "allow_anon_ssl=YES", "force_anon_logins_ssl=NO",
                "force_anon_data_ssl=NO", "require_ssl_reuse=NO", "ssl_ciphers=HIGH", ""]))
        return Server("vsftpd", ["/usr/sbin/vsftpd", conf], port)
    raise ValueError(name)


# Who uploads: Torsion lets only named users write; vsftpd here has only anonymous ones.
UPLOADER = {"torsion": "bench:bench@", "vsftpd": ""}


def curl(port, path, tls, userinfo="", upload=None):
    """One transfer; returns (bytes, wall seconds) as curl measured them."""
    argv = ["taskset", "-c", CLIENT_CORE, "curl", "-sS", "--max-time", "120"]
    argv += ["--ssl-reqd", "-k"] if tls else []
    argv += ["-T", upload] if upload else ["-o", "/dev/null"]
    argv += ["-w", "%{size_upload} %{size_download} %{time_total}\n",
             f"ftp://{userinfo}127.0.0.1:{port}{path}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=150)
    if out.returncode != 0:
        raise BenchError(f"curl exit {out.returncode}: {out.stderr.strip()[-300:]}")
    up, down, wall = out.stdout.split()
    return int(float(up if upload else down)), float(wall)


def run(settings, pem, log):
    megabytes = QUICK_MB if settings.quick else FULL_MB
    root, big = make_root(settings, megabytes)
    rows = {}
    for tls in (False, True):
        for direction in ("download", "upload"):
            kind = "AUTH TLS, PROT P" if tls else "plain"
            rows[(tls, direction)] = Row(
                f"ftp-{direction}{'-tls' if tls else ''}", "FTP",
                f"FTP {direction} of a {megabytes} MB file ({kind}), curl", "MB/s", "MB",
                note="one transfer at a time over loopback; the client and the server each get a core")
    for name in SERVERS:
        log(f"ftp: {name}")
        try:
            with start(name, root, pem, settings) as srv:
                for (tls, direction), row in rows.items():
                    fig = row.figure(name)
                    try:
                        for run_no in range(settings.runs + 1):  # the first run warms up
                            cpu0 = cpu_with_children(srv)
                            if direction == "download":
                                moved, wall = curl(srv.port, "/big.bin", tls)
                            else:
                                target = f"/incoming/up-{name}-{run_no}.bin"
                                moved, wall = curl(srv.port, target, tls, UPLOADER[name], upload=big)
                                os.remove(os.path.join(root, target.lstrip("/")))
                            cpu = cpu_with_children(srv) - cpu0
                            if moved != megabytes << 20:
                                raise BenchError(f"moved {moved} bytes, not {megabytes << 20}")
                            if run_no > 0:
                                fig.add(moved / wall / 1e6, cpu, moved / 1e6, wall)
                    except (BenchError, OSError, ValueError, subprocess.SubprocessError) as e:
                        fig.error = str(e)
                        log(f"  {row.id} {name}: {e}")
                srv.check_alive()
        except (BenchError, OSError, subprocess.SubprocessError) as e:
            for row in rows.values():
                if not row.figure(name).values:
                    row.figure(name).error = str(e)
            log(f"  {name}: {e}")
    return list(rows.values())
