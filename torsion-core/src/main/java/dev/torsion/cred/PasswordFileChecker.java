package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Users from a password file of {@code NAME:HASH} lines, each hash in a {@link PasswordHash}
 * format (PBKDF2-SHA256 or bcrypt): Twisted's {@code FilePasswordDB}. {@code ./torsion passwd
 * FILE NAME} writes such a file. Lines starting with {@code #} and blank lines are ignored.
 *
 * <pre>{@code
 * # users.passwd
 * alice:$2b$12$X0JPo3ab1mL3F3GJnZUbTe0yqVqbXxG3p5S2J0S8x0VHh9aUaBjGm
 * bob:$pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0$...
 *
 * CredentialsChecker users = PasswordFileChecker.open(Path.of("users.passwd"), reactor);
 * }</pre>
 *
 * <p>Hashing is slow on purpose, so each check runs on the reactor's thread pool, never on the
 * reactor thread. An unknown user's password is hashed too, against a decoy of the same cost, so
 * that the answer takes as long as for a wrong password. The file is read again when its
 * modification time changes, so users can be added without a restart.
 */
public final class PasswordFileChecker implements CredentialsChecker {
  private final Path file;
  private final Reactor reactor;
  private volatile Snapshot snapshot;

  private record Snapshot(FileTime modified, Map<String, String> hashes, String decoy) {}

  private PasswordFileChecker(Path file, Reactor reactor, Snapshot snapshot) {
    this.file = file;
    this.reactor = reactor;
    this.snapshot = snapshot;
  }

  /**
   * Reads {@code file} now, so that a missing or malformed file is an error at start-up: an
   * IOException when it cannot be read, an IllegalArgumentException naming the file and line
   * when a line is not {@code NAME:HASH} with a known hash.
   */
  public static PasswordFileChecker open(Path file, Reactor reactor) throws IOException {
    return new PasswordFileChecker(file, reactor, load(file));
  }

  /** The user names in the file, in file order. */
  public List<String> usernames() {
    return new ArrayList<>(snapshot.hashes.keySet());
  }

  @Override
  public Set<Class<? extends Credentials>> credentialInterfaces() {
    return Set.of(UsernamePassword.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (!(credentials instanceof UsernamePassword up)) {
      return Deferred.fail(new UnhandledCredentials("not a username and password: " + credentials));
    }
    return Threads.deferToThread(reactor, () -> {
      Snapshot s = current();
      String stored = s.hashes.get(up.username());
      boolean ok = PasswordHash.verify(up.password(), stored == null ? s.decoy : stored);
      if (!ok || stored == null) {
        throw new UnauthorizedLogin();
      }
      return up.username();
    });
  }

  /** The snapshot, read again first when the file has changed (on a pool thread). */
  private Snapshot current() throws IOException {
    Snapshot s = snapshot;
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return s; // the file went away: keep serving the users we have
    }
    if (!modified.equals(s.modified)) {
      try {
        s = load(file);
        snapshot = s;
      } catch (IllegalArgumentException e) {
        dev.torsion.internet.Log.err(e, "keeping the old users: " + e.getMessage());
      }
    }
    return s;
  }

  private static Snapshot load(Path file) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    Map<String, String> hashes = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int colon = t.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": not NAME:HASH");
      }
      String hash = t.substring(colon + 1);
      if (!PasswordHash.isSupported(hash)) {
        throw new IllegalArgumentException(file + ":" + lineNumber
            + ": unknown password hash (expected $2b$... or $pbkdf2-sha256$...)");
      }
      hashes.put(t.substring(0, colon), hash);
    }
    String decoy = PasswordHash.decoyLike(hashes.isEmpty()
        ? PasswordHash.bcrypt("decoy", PasswordHash.DEFAULT_BCRYPT_COST)
        : hashes.values().iterator().next());
    return new Snapshot(modified, hashes, decoy);
  }

  /**
   * Sets {@code username}'s hash in {@code file}, adding the line or replacing the user's old one
   * and keeping every other line; the file is created with mode 600 when missing, and replaced
   * atomically. What {@code ./torsion passwd} does.
   */
  public static void setPassword(Path file, String username, String hash) throws IOException {
    if (username.isEmpty() || username.contains(":") || username.contains("\n")
        || username.startsWith("#") || !username.strip().equals(username)) {
      throw new IllegalArgumentException("a user name cannot be empty, start with #, or hold ':', "
          + "a line break or surrounding spaces: '" + username + "'");
    }
    if (!PasswordHash.isSupported(hash)) {
      throw new IllegalArgumentException("not a password hash");
    }
    List<String> lines = Files.exists(file)
        ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
    boolean replaced = false;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (t.startsWith(username + ":")) {
        lines.set(i, username + ":" + hash);
        replaced = true;
      }
    }
    if (!replaced) {
      lines.add(username + ":" + hash);
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the default permissions stand
      }
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
