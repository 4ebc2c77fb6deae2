package dev.torsion.cred;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our bcrypt against Python's bcrypt module (python3-bcrypt, the OpenBSD C code), both ways. */
final class PasswordHashInteropTest {
  @Test
  void pythonBcryptVerifiesOurHashes() throws Exception {
    String python = Peers.requirePython("bcrypt");
    String ours = PasswordHash.bcrypt("pässword with spaces", 5);
    assertThat(run(python, "import bcrypt,sys; print(bcrypt.checkpw(sys.argv[1].encode(), sys.argv[2].encode()))",
        "pässword with spaces", ours)).isEqualTo("True");
    assertThat(run(python, "import bcrypt,sys; print(bcrypt.checkpw(sys.argv[1].encode(), sys.argv[2].encode()))",
        "pässword with space", ours)).isEqualTo("False");
  }

  @Test
  void weVerifyPythonsBcryptHashes() throws Exception {
    String python = Peers.requirePython("bcrypt");
    String theirs = run(python,
        "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(6)).decode())",
        "correct horse battery staple");
    assertThat(theirs).startsWith("$2b$06$");
    assertThat(PasswordHash.verify("correct horse battery staple", theirs)).isTrue();
    assertThat(PasswordHash.verify("correct horse battery stapl", theirs)).isFalse();
  }

  private static String run(String python, String code, String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = python;
    cmd[1] = "-c";
    cmd[2] = code;
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
