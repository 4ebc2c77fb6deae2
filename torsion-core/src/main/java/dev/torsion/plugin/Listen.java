package dev.torsion.plugin;

import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;

/**
 * A {@code --listen} endpoint as a service, with the user's mistakes as one line: a bad
 * description is a usage error (exit 2), a file it names that cannot be read (a key, a
 * certificate) a start-up error (exit 1).
 *
 * <pre>{@code
 * StreamServerEndpointService s = Listen.service(options.get("listen"), factory, reactor);
 * s.setServiceParent(application);
 * }</pre>
 */
public final class Listen {
  private Listen() {}

  public static StreamServerEndpointService service(String listen, Factory factory, Reactor reactor) {
    return service("listen", listen, factory, reactor);
  }

  /** As {@link #service(String, Factory, Reactor)}, for an endpoint option named {@code option}. */
  public static StreamServerEndpointService service(
      String option, String listen, Factory factory, Reactor reactor) {
    String flag = "--" + option + ": ";
    try {
      return Strports.service(listen, factory, reactor);
    } catch (IllegalArgumentException e) {
      String unusable = unusableFile(e);
      if (unusable != null) {
        // The description is fine; a file it names is not (a key that is not PEM): exit 1.
        throw new StartupError(flag + "cannot use " + unusable, e);
      }
      throw new UsageError(flag + e.getMessage());
    } catch (UncheckedIOException e) {
      // Key and certificate files say "PATH: <JDK message>"; anything else says what it did.
      IOException cause = e.getCause();
      boolean reading = cause instanceof FileSystemException
          && String.valueOf(e.getMessage()).startsWith(((FileSystemException) cause).getFile() + ":");
      String message = reading ? describe("cannot read", cause) : e.getMessage();
      String[] pathAndReason = String.valueOf(e.getMessage()).split(": ", 2);
      if (!reading && pathAndReason.length == 2 && !pathAndReason[1].isEmpty()
          && exists(pathAndReason[0])) {
        // "/srv/key.pem: Is a directory" (a plain IOException): say what we tried, in errno case.
        String reason = pathAndReason[1];
        message = "cannot read " + pathAndReason[0] + ": "
            + Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
      }
      throw new StartupError(flag + message, e);
    }
  }

  /**
   * "FILE: PEM holds no private key" when the parse failed on the contents of a file that exists
   * (the endpoint parser says "FILE: reason" and then adds the description), else null.
   */
  public static String unusableFile(IllegalArgumentException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int colon = m == null ? -1 : m.indexOf(": ");
      if (colon > 0 && t instanceof IllegalArgumentException) {
        try {
          if (Files.isRegularFile(Path.of(m.substring(0, colon)))) {
            String reason = m.substring(colon + 2);
            int where = reason.lastIndexOf(" in '");
            return m.substring(0, colon + 2) + (where > 0 ? reason.substring(0, where) : reason);
          }
        } catch (InvalidPathException ignored) {
          // not a path: a plain usage error
        }
      }
    }
    return null;
  }

  private static boolean exists(String path) {
    try {
      return Files.exists(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** "cannot read PATH: no such file or directory", rather than the JDK's bare path. */
  public static String describe(String what, IOException e) {
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
