package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's paramiko (a second, independent client) against Torsion's server. */
class ParamikoInteropTest {
  @TempDir static Path dir;
  static SSHTestServer server;
  static String python;

  @BeforeAll
  static void start() throws Exception {
    python = Peers.requirePython("paramiko");
    String keygen = Peers.require("ssh-keygen");
    Process p = new ProcessBuilder(keygen, "-q", "-t", "ed25519", "-N", "", "-f",
        dir.resolve("id_ed25519").toString()).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    server = new SSHTestServer(dir, f -> f.setMaxAuthAttempts(3));
    Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Runs a Python script with {@code port}, {@code d} (the temp dir) and paramiko in scope. */
  static String python(String body) throws Exception {
    String script = "import paramiko, sys\n"
        + "port = " + server.port() + "\n"
        + "d = '" + dir + "'\n"
        + "def client(**kw):\n"
        + "    c = paramiko.SSHClient()\n"
        + "    c.load_host_keys(d + '/known_hosts')\n"
        + "    c.connect('127.0.0.1', port, 'alice', look_for_keys=False, allow_agent=False,"
        + " timeout=10, **kw)\n"
        + "    return c\n"
        + body;
    Path py = dir.resolve("script.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder(python, py.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void passwordLoginRunsACommand() throws Exception {
    String out = python(String.join("\n",
        "c = client(password='s3cret')",
        "i, o, e = c.exec_command('echo hi; echo err >&2; exit 4')",
        "print(o.read().decode().strip(), e.read().decode().strip(), o.channel.recv_exit_status())",
        ""));
    assertThat(out.strip()).isEqualTo("hi err 4");
  }

  @Test
  void keyLoginRunsACommand() throws Exception {
    String out = python(String.join("\n",
        "c = client(key_filename=d + '/id_ed25519')",
        "i, o, e = c.exec_command('echo key')",
        "print(o.read().decode().strip(), o.channel.recv_exit_status())", ""));
    assertThat(out.strip()).isEqualTo("key 0");
  }

  @Test
  void keyboardInteractiveLogin() throws Exception {
    String out = python(String.join("\n",
        "t = paramiko.Transport(('127.0.0.1', port)); t.connect()",
        "print(t.auth_interactive('alice', lambda title, instr, prompts: ['s3cret'] * len(prompts)))",
        "ch = t.open_session(); ch.exec_command('echo ki')",
        "print(ch.makefile().read().decode().strip(), ch.recv_exit_status())", ""));
    assertThat(out.lines().toList()).containsExactly("[]", "ki 0");
  }

  @Test
  void tooManyFailedPasswordsDisconnect() throws Exception {
    String out = python(String.join("\n",
        "t = paramiko.Transport(('127.0.0.1', port)); t.connect()",
        "for i in range(5):",
        "    try:",
        "        t.auth_password('alice', 'wrong%d' % i)",
        "    except paramiko.AuthenticationException as e:",
        "        print('refused', i)",
        "    except Exception as e:",
        "        print('gone', i, type(e).__name__)",
        "        break",
        "print(t.is_active())", ""));
    assertThat(out.lines().toList()).startsWith("refused 0", "refused 1").endsWith("False");
    assertThat(out).doesNotContain("refused 3");
  }

  @Test
  void sessionDataInBothDirections() throws Exception {
    String out = python(String.join("\n",
        "import hashlib, os",
        "c = client(password='s3cret')",
        "data = os.urandom(1000000)",
        "i, o, e = c.exec_command('cat')",
        "i.write(data); i.channel.shutdown_write()",
        "back = o.read()",
        "print(back == data, o.channel.recv_exit_status())", ""));
    assertThat(out.strip()).isEqualTo("True 0");
  }
}
