package dev.torsion.conch.ssh;

import java.nio.file.Path;

/** {@link SSHTestServer} for tests in other packages. */
public final class SSHTestServerAccess implements AutoCloseable {
  private final SSHTestServer server;

  private SSHTestServerAccess(SSHTestServer server) {
    this.server = server;
  }

  public static SSHTestServerAccess start(Path dir) throws Exception {
    return new SSHTestServerAccess(new SSHTestServer(dir, f -> { }));
  }

  public int port() {
    return server.port();
  }

  public String knownHostsLine() {
    return server.knownHostsLine();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
