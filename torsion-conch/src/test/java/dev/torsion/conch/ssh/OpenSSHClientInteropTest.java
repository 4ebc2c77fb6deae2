package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSH's ssh client against Torsion's server: auth, exec, exit status, each algorithm. */
class OpenSSHClientInteropTest {
  @TempDir static Path dir;
  static SSHTestServer server;
  static String ssh;
  static Path userKey;

  @BeforeAll
  static void start() throws Exception {
    ssh = Peers.require("ssh");
    String keygen = Peers.require("ssh-keygen");
    userKey = dir.resolve("id_ed25519");
    run(List.of(keygen, "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString()), null);
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    run(List.of(keygen, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
        dir.resolve("host_ecdsa").toString()), null);
    run(List.of(keygen, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f",
        dir.resolve("host_rsa").toString()), null);
    server = new SSHTestServer(dir, f -> f.setMaxAuthAttempts(3), List.of(
        HostKey.loadOrGenerate(dir.resolve("host_key")), HostKey.load(dir.resolve("host_ecdsa")),
        HostKey.load(dir.resolve("host_rsa"))));
    Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String keygen() {
    return Peers.require("ssh-keygen");
  }

  record Result(int exit, String out, String err) {}

  static Result run(List<String> cmd, String input) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    if (input == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (input != null) {
      p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd + "\n" + Files.readString(dir.resolve("err.txt")));
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  /** ssh's options; the first value of an option wins, so {@code extra} comes first. */
  static List<String> sshArgs(String... extra) {
    List<String> a = new ArrayList<>(List.of(ssh, "-F", "/dev/null"));
    a.addAll(List.of(extra));
    a.addAll(List.of("-p", String.valueOf(server.port()),
        "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", "ConnectTimeout=10", "-i", userKey.toString()));
    return a;
  }

  static Result sshExec(String command, String... options) throws Exception {
    List<String> a = sshArgs(options);
    a.add("alice@127.0.0.1");
    a.add(command);
    return run(a, null);
  }

  @Test
  void publicKeyLoginRunsCommandAndReturnsItsExitStatus() throws Exception {
    Result r = sshExec("echo hello; echo oops >&2; exit 3");
    assertThat(r.out()).isEqualTo("hello\n");
    assertThat(r.err()).contains("oops");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
  }

  @Test
  void passwordLoginWorks() throws Exception {
    String sshpass = Peers.require("sshpass");
    List<String> a = new ArrayList<>(List.of(sshpass, "-p", "s3cret"));
    a.addAll(sshArgs("-o", "BatchMode=no", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1"));
    a.add("alice@127.0.0.1");
    a.add("echo $((6*7))");
    Result r = run(a, null);
    assertThat(r.out()).as(r.err()).isEqualTo("42\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    String sshpass = Peers.require("sshpass");
    List<String> a = new ArrayList<>(List.of(sshpass, "-p", "wrong"));
    a.addAll(sshArgs("-o", "BatchMode=no", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1"));
    a.add("alice@127.0.0.1");
    a.add("true");
    Result r = run(a, null);
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("Permission denied");
  }

  @Test
  void stdinReachesTheCommand() throws Exception {
    List<String> a = sshArgs();
    a.add("alice@127.0.0.1");
    a.add("wc -c");
    Result r = run(a, "x".repeat(100_000));
    assertThat(r.out().strip()).as(r.err()).isEqualTo("100000");
  }

  @Test
  void largeOutputArrivesWhole() throws Exception {
    Result r = sshExec("head -c 5000000 /dev/zero | tr '\\0' a");
    assertThat(r.out()).as(r.err()).hasSize(5_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org",
      "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
      "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512"})
  void eachKeyExchange(String kex) throws Exception {
    Result r = sshExec("echo ok", "-o", "KexAlgorithms=" + kex);
    assertThat(r.out()).as(r.err()).isEqualTo("ok\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
      "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"})
  void eachCipher(String cipher) throws Exception {
    Result r = sshExec("head -c 300000 /dev/zero | wc -c", "-o", "Ciphers=" + cipher,
        "-o", "MACs=hmac-sha2-256-etm@openssh.com");
    assertThat(r.out().strip()).as(r.err()).isEqualTo("300000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
      "hmac-sha2-512-etm@openssh.com"})
  void eachMac(String mac) throws Exception {
    Result r = sshExec("head -c 300000 /dev/zero | wc -c", "-o", "Ciphers=aes128-ctr",
        "-o", "MACs=" + mac);
    assertThat(r.out().strip()).as(r.err()).isEqualTo("300000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "rsa-sha2-512"})
  void eachHostKeyAlgorithm(String algorithm) throws Exception {
    Result r = sshExec("echo ok", "-v", "-o", "HostKeyAlgorithms=" + algorithm);
    assertThat(r.out()).as(r.err()).isEqualTo("ok\n");
    assertThat(r.err()).contains("kex: host key algorithm: " + algorithm);
  }

  @Test
  void generatedHostKeyIsReadBySshKeygen() throws Exception {
    Path key = dir.resolve("generated_key");
    HostKey generated = HostKey.loadOrGenerate(key);
    Result fingerprint = run(List.of(keygen(), "-l", "-f", key.toString()), null);
    assertThat(fingerprint.out()).as(fingerprint.err()).contains(generated.fingerprint());
    Result pub = run(List.of(keygen(), "-y", "-f", key.toString()), null);
    assertThat(pub.out()).as(pub.err()).startsWith(generated.publicKeyLine());
    assertThat(HostKey.loadOrGenerate(key).publicKeyLine()).isEqualTo(generated.publicKeyLine());
  }

  @Test
  void strictKeyExchangeIsNegotiated() throws Exception {
    Result r = sshExec("true", "-v");
    // OpenSSH restarts its sequence numbers at NEWKEYS only under kex-strict (Terrapin fix).
    assertThat(r.err()).contains("resetting send seqnr").contains("resetting read seqnr");
  }

  static List<String> passwordArgs(String password, String method) {
    List<String> a = new ArrayList<>(List.of(Peers.require("sshpass"), "-p", password));
    a.addAll(sshArgs("-o", "BatchMode=no", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=" + method, "-o", "NumberOfPasswordPrompts=5"));
    a.add("alice@127.0.0.1");
    return a;
  }

  @Test
  void keyboardInteractiveLoginWorks() throws Exception {
    List<String> a = passwordArgs("s3cret", "keyboard-interactive");
    a.add("echo ki");
    Result r = run(a, null);
    assertThat(r.out()).as(r.err()).isEqualTo("ki\n");
  }

  @Test
  void envRequestsReachTheCommandForAcceptedNamesOnly() throws Exception {
    // ssh's SetEnv sends "env" requests; like sshd's AcceptEnv, only locale and TZ pass.
    Result r = sshExec("echo \"$TZ/$LC_TORSION/${SECRET_PATH-unset}\"",
        "-o", "SetEnv=TZ=Antarctica/Troll LC_TORSION=yes SECRET_PATH=/evil");
    assertThat(r.out()).as(r.err()).isEqualTo("Antarctica/Troll/yes/unset\n");
  }

  @Test
  void commandInAPseudoTerminal() throws Exception {
    Result r = sshExec("tty; exit 5", "-tt");
    assertThat(r.out()).as(r.err()).startsWith("/dev/pts/");
    assertThat(r.exit()).isEqualTo(5);
  }

  /** A real terminal: Python's pty module holds the master, resizes it, types commands. */
  @Test
  void shellInAPtyFollowsWindowChanges() throws Exception {
    String script = String.join("\n",
        "import os, pty, sys, time, select, struct, fcntl, termios, signal",
        "pid, fd = pty.fork()",
        "if pid == 0:",
        "    os.execv(sys.argv[1], sys.argv[1:])",
        "fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))",
        "def until(marker):",
        "    out = b''; end = time.time() + 20",
        "    while marker not in out and time.time() < end:",
        "        r, _, _ = select.select([fd], [], [], 0.2)",
        "        if r:",
        "            try: out += os.read(fd, 4096)",
        "            except OSError: break",
        "    return out.decode(errors='replace')",
        "os.write(fd, b'echo READY$((1+1))\\n'); until(b'READY2')",
        "os.write(fd, b'echo A$(stty size)A\\n'); print(until(b'A30 100A').count('A30 100A'))",
        "fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))",
        "os.kill(pid, signal.SIGWINCH)",
        // Each try waits for its own output, numbered so that the terminal's echo of the
        // typed line cannot end the wait early ("B1E" appears only in the output).
        "for i in range(50):",
        "    os.write(fd, b'echo B$(stty size)B$((%d+1))E\\n' % i); o = until(b'B%dE' % (i+1))",
        "    if 'B40 120B' in o: break",
        "print('B40 120B' in o)",
        "os.write(fd, b'exit 7\\n'); until(b'closed')",
        "print(os.waitpid(pid, 0)[1] >> 8)", "");
    Path py = dir.resolve("drive_pty.py");
    Files.writeString(py, script);
    List<String> a = new ArrayList<>(List.of(Peers.PYTHON, py.toString()));
    a.addAll(sshArgs("-tt"));
    a.add("alice@127.0.0.1");
    Result r = run(a, null);
    assertThat(r.out().lines().toList()).as(r.err()).containsExactly("1", "True", "7");
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The first bytes a TCP connection to {@code port} reads, retrying until a deadline. */
  static String firstLine(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
        sock.setSoTimeout(10_000);
        return new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream(),
            StandardCharsets.US_ASCII)).readLine();
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void localForwardReachesATargetThroughTheServer() throws Exception {
    int local = freePort();
    List<String> a = sshArgs("-N", "-o", "ExitOnForwardFailure=yes",
        "-L", "127.0.0.1:" + local + ":127.0.0.1:" + server.port());
    a.add("alice@127.0.0.1");
    Process ssh = new ProcessBuilder(a).redirectErrorStream(true)
        .redirectOutput(dir.resolve("forward-L.txt").toFile()).start();
    try {
      // The target is the SSH server itself: its banner comes back through the tunnel.
      assertThat(firstLine(local)).startsWith("SSH-2.0-Torsion");
    } finally {
      ssh.destroy();
      ssh.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void remoteForwardListensOnTheServer() throws Exception {
    List<String> a = sshArgs("-N", "-o", "ExitOnForwardFailure=yes",
        "-R", "127.0.0.1:0:127.0.0.1:" + server.port());
    a.add("alice@127.0.0.1");
    Process ssh = new ProcessBuilder(a).redirectErrorStream(true).start();
    try {
      java.io.BufferedReader err = new java.io.BufferedReader(
          new java.io.InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8));
      String line = err.readLine();
      assertThat(line).isNotNull().startsWith("Allocated port ");
      int port = Integer.parseInt(line.split(" ")[2]);
      assertThat(firstLine(port)).startsWith("SSH-2.0-Torsion");
    } finally {
      ssh.destroy();
      ssh.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com",
      "aes128-ctr"})
  void rekeyingByTheClientKeepsTheStreamWhole(String cipher) throws Exception {
    byte[] data = new byte[3_000_000];
    new java.util.Random(42).nextBytes(data);
    Path in = dir.resolve("random.bin");
    Files.write(in, data);
    List<String> a = sshArgs("-v", "-o", "Ciphers=" + cipher, "-o", "RekeyLimit=256K");
    a.addAll(List.of("alice@127.0.0.1", "cat"));
    ProcessBuilder pb = new ProcessBuilder(a).redirectInput(in.toFile())
        .redirectOutput(dir.resolve("rekey.out").toFile())
        .redirectError(dir.resolve("rekey.err").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("rekey.err"));
    assertThat(Files.readAllBytes(dir.resolve("rekey.out"))).as(err).isEqualTo(data);
    assertThat(err.split("SSH2_MSG_KEXINIT sent", -1).length - 1).isGreaterThan(3);
  }

  /**
   * cat sends the 2 MB back, and that is the direction the server's limit binds: each key we
   * send with carries at most the limit, the one packet that crossed it (OpenSSH's channel
   * packets are at most 32 KiB) and the key exchange's own packets, however the stream is timed
   * (RekeyByBytesTest pins each case). So the 2 MB needs at least ceil(2 MB / (L + 40 kB)) = 9
   * keys, each announced by a KEXINIT of ours that the client reads before any data under it
   * (the first key by the initial exchange's); the client's own rekeys (its default limits are
   * 1 GiB and more) could only add KEXINITs. The 2 MB the client sends guarantees nothing: it may all be sent,
   * as the 2 MiB window allows, before the client reads our first KEXINIT, and so arrive under
   * one key (OpenSSH's log shows 2,004,952 bytes under its first key in every run here).
   *
   * <p>Why one CI run saw only 2: until the server held back what passes the limit while it
   * waits for the client's NEWKEYS (no new exchange may start then), everything cat wrote in
   * that wait went out under one key; it lasts as long as the client takes to answer, so the
   * count depended on scheduling (one local run with ssh on one core put 558,600 bytes, 2.8
   * limits, under one key). A client late enough took the rest of the stream under the key of
   * the first rekey, and the KEXINIT that followed its NEWKEYS could come after the channel
   * closed, unlogged. RekeyByBytesTest#nothingPastTheLimitLeavesWhileThePeersNewKeysIsAwaited
   * holds the client's NEWKEYS back: the old code sent all 3 limits it had under one key.
   */
  @Test
  void rekeyingByTheServerKeepsTheStreamWhole() throws Exception {
    Path d2 = Files.createDirectories(dir.resolve("rekeying"));
    Files.copy(dir.resolve("authorized_keys"), d2.resolve("authorized_keys"));
    int limit = 200_000;
    try (SSHTestServer s2 = new SSHTestServer(d2, f -> f.setRekeyBytes(limit))) {
      Files.writeString(dir.resolve("known_hosts2"), s2.knownHostsLine());
      byte[] data = new byte[2_000_000];
      new java.util.Random(7).nextBytes(data);
      Path in = dir.resolve("random2.bin");
      Files.write(in, data);
      List<String> a = new ArrayList<>(List.of(ssh, "-F", "/dev/null", "-v", "-p",
          String.valueOf(s2.port()), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts2"),
          "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", userKey.toString(),
          "alice@127.0.0.1", "cat"));
      Process p = new ProcessBuilder(a).redirectInput(in.toFile())
          .redirectOutput(dir.resolve("rekey2.out").toFile())
          .redirectError(dir.resolve("rekey2.err").toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(dir.resolve("rekey2.err"));
      assertThat(Files.readAllBytes(dir.resolve("rekey2.out"))).as(err).isEqualTo(data);
      int perKey = limit + 40_000;
      assertThat(err.split("SSH2_MSG_KEXINIT received", -1).length - 1).as(err)
          .isGreaterThanOrEqualTo((data.length + perKey - 1) / perKey);
      // OpenSSH's -v log gives, at each of its new receiving keys, the bytes it has read so far.
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(
          "rekeying in, input (\\d+) bytes").matcher(err);
      long before = 0;
      while (m.find()) {
        long read = Long.parseLong(m.group(1));
        assertThat(read - before).as("bytes under one key of ours").isLessThanOrEqualTo(perKey);
        before = read;
      }
      assertThat(before).as(err).isPositive();
    }
  }
}
