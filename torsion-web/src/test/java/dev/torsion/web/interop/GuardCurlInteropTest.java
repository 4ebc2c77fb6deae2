package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.Checkers;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.PasswordFileChecker;
import dev.torsion.cred.PasswordHash;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.web.guard.BasicCredentialFactory;
import dev.torsion.web.guard.DigestCredentialFactory;
import dev.torsion.web.guard.HTTPAuthSessionWrapper;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl against the web guard: Basic from a password file, Digest (MD5 and SHA-256) in memory. */
final class GuardCurlInteropTest {
  @TempDir Path dir;
  private RealServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static final class Hello extends Resource {
    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      return ("hello " + String.join("/", request.getPrepath())).getBytes(StandardCharsets.UTF_8);
    }
  }

  private void start(String digestAlgorithm) throws Exception {
    Path file = dir.resolve("users.passwd");
    PasswordFileChecker.setPassword(file, "bob", PasswordHash.bcrypt("hunter2", 4));
    Resource root = new Resource();
    root.putChild("page", new Hello());
    server = new RealServer(new Resource(), site -> {});
    PasswordFileChecker fromFile = PasswordFileChecker.open(file, server.reactor);
    Portal portal = new Portal(Realm.of(Resource.class, id -> root),
        Checkers.anyOf(new InMemoryUsers().addUser("alice", "s3cret"), fromFile));
    server.site.getResource().putChild("private", new HTTPAuthSessionWrapper(portal, List.of(
        new DigestCredentialFactory(digestAlgorithm, "vault", server.reactor),
        new BasicCredentialFactory("vault"))));
  }

  @Test
  void curlLogsInWithBasicFromThePasswordFile() throws Exception {
    start("SHA-256");
    Processes.Result ok = Processes.curlOk(20, "-u", "bob:hunter2", server.url("/private/page"));
    Processes.Result wrong = Processes.curlOk(20, "-o", "/dev/null", "-w", "%{http_code}",
        "-u", "bob:hunter", server.url("/private/page"));
    Processes.Result none = Processes.curlOk(20, "-o", "/dev/null", "-w", "%{http_code}",
        server.url("/private/page"));
    assertThat(ok.stdout()).isEqualTo("hello private/page");
    assertThat(wrong.stdout()).isEqualTo("401");
    assertThat(none.stdout()).isEqualTo("401");
  }

  @Test
  void curlLogsInWithDigestMd5() throws Exception {
    start("MD5");
    Processes.Result ok = Processes.curlOk(20, "--digest", "-u", "alice:s3cret", server.url("/private/page"));
    Processes.Result wrong = Processes.curlOk(20, "--digest", "-o", "/dev/null", "-w", "%{http_code}",
        "-u", "alice:guess", server.url("/private/page"));
    assertThat(ok.stdout()).isEqualTo("hello private/page");
    assertThat(wrong.stdout()).isEqualTo("401");
  }

  @Test
  void curlLogsInWithDigestSha256() throws Exception {
    start("SHA-256");
    Processes.Result ok = Processes.curlOk(20, "-v", "--digest", "-u", "alice:s3cret",
        server.url("/private/page"));
    assertThat(ok.stdout()).isEqualTo("hello private/page");
    assertThat(ok.stderr()).contains("Authorization: Digest").contains("algorithm=SHA-256");
  }
}
