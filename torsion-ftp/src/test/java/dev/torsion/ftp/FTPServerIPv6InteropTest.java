package dev.torsion.ftp;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over IPv6 (::1), where ftplib uses EPSV and EPRT (RFC 2428) by itself. */
class FTPServerIPv6InteropTest {
  @TempDir Path root;

  @Test
  void ftplibUsesEpsvAndEprtOverIpv6() throws Exception {
    Files.writeString(root.resolve("six.txt"), "over ipv6\n");
    try (FTPServerFixture server = new FTPServerFixture(root, b -> b, "::1")) {
      String script = String.join("\n",
          "import ftplib, io, sys",
          "f = ftplib.FTP(); f.connect('::1', int(sys.argv[1]), timeout=20); f.login('alice', 'secret')",
          "try:",
          "    f.sendcmd('PASV')",
          "except ftplib.error_temp as e:",
          "    print('pasv', e)",
          "buf = io.BytesIO(); f.retrbinary('RETR six.txt', buf.write); print('epsv', buf.getvalue())",
          "f.set_pasv(False)",
          "print(f.storbinary('STOR up6.txt', io.BytesIO(b'eprt')))",
          "f.quit()");
      PeerProcess.Result r = PeerProcess.run(List.of(Peers.require(Peers.PYTHON), "-c", script, String.valueOf(server.port)));
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.stdout()).contains("pasv 425 PASV is IPv4 only; use EPSV", "epsv b'over ipv6\\n'",
          "226 Transfer complete");
      assertThat(Files.readString(root.resolve("up6.txt"))).isEqualTo("eprt");
    }
  }
}
