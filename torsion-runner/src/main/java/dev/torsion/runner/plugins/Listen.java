package dev.torsion.runner.plugins;

import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.runner.StartupError;
import dev.torsion.runner.UsageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A {@code --listen} endpoint as a service, with the user's mistakes as one line: a bad
 * description is a usage error (exit 2), a file it names that cannot be read (a key, a
 * certificate) a start-up error (exit 1).
 */
final class Listen {
  private Listen() {}

  static StreamServerEndpointService service(String listen, Factory factory, Reactor reactor) {
    try {
      return Strports.service(listen, factory, reactor);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--listen: " + e.getMessage());
    } catch (UncheckedIOException e) {
      // Key and certificate files say "PATH: <JDK message>"; anything else says what it did.
      IOException cause = e.getCause();
      boolean reading = cause instanceof FileSystemException
          && String.valueOf(e.getMessage()).startsWith(((FileSystemException) cause).getFile() + ":");
      throw new StartupError("--listen: " + (reading ? describe("cannot read", cause) : e.getMessage()), e);
    }
  }

  /** "cannot read PATH: no such file or directory", rather than the JDK's bare path. */
  static String describe(String what, IOException e) {
    if (!(e instanceof FileSystemException)) {
      return what + ": " + e.getMessage();
    }
    FileSystemException f = (FileSystemException) e;
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else {
      reason = f.getReason() == null ? e.getClass().getSimpleName() : f.getReason();
    }
    return what + " " + f.getFile() + ": " + reason;
  }
}
