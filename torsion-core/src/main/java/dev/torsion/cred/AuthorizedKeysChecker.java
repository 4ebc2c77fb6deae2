package dev.torsion.cred;

import dev.torsion.cred.internal.SSHKeys;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks {@link SSHPrivateKey} credentials against per-user OpenSSH {@code authorized_keys}
 * files: Twisted's {@code SSHPublicKeyChecker} with an {@code UNIXAuthorizedKeysFiles}. A key is
 * accepted when its blob is listed in the user's file and, once the client signs, the signature
 * verifies (ssh-ed25519, ecdsa-sha2-nistp256/384/521, rsa-sha2-256/512). A query with no
 * signature succeeds when the key is listed, so the SSH server can answer PK_OK. Files are read
 * on the reactor's thread pool, never on the reactor thread, and re-read on each attempt, so an
 * edit takes effect at once.
 *
 * <pre>{@code
 * CredentialsChecker keys = new AuthorizedKeysChecker(reactor,
 *     user -> Path.of("/home", user, ".ssh", "authorized_keys"));
 * Portal portal = new Portal(realm, keys, passwords);
 * }</pre>
 *
 * <p>Key options ({@code from=}, {@code command=}, ...) are parsed and skipped, not enforced.
 */
public final class AuthorizedKeysChecker implements CredentialsChecker {
  /** Files larger than this are refused rather than read into memory. */
  public static final long MAX_FILE_SIZE = 1024 * 1024;

  private static final Set<String> KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa",
      "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

  private final Reactor reactor;
  private final Function<String, Path> keysFile;

  /**
   * @param keysFile the authorized_keys file of a user name, or null for a user who has none
   */
  public AuthorizedKeysChecker(Reactor reactor, Function<String, Path> keysFile) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.keysFile = Objects.requireNonNull(keysFile, "keysFile");
  }

  @Override
  public Set<Class<? extends Credentials>> credentialInterfaces() {
    return Set.of(SSHPrivateKey.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (!(credentials instanceof SSHPrivateKey key)) {
      return Deferred.fail(new UnhandledCredentials("not an SSH key: " + credentials));
    }
    return Threads.deferToThread(reactor, () -> {
      if (!check(key)) {
        throw new UnauthorizedLogin();
      }
      return key.username();
    });
  }

  /** The whole check, on a pool thread: listed, and (when signed) a good signature. */
  private boolean check(SSHPrivateKey key) throws IOException {
    String keyType;
    try {
      keyType = SSHKeys.keyType(key.blob());
    } catch (SSHKeys.BadKey e) {
      return false;
    }
    if (!SSHKeys.algorithmMatchesKey(key.algorithm(), keyType)) {
      return false;
    }
    Path file = keysFile.apply(key.username());
    if (file == null || !isListed(file, key.blob())) {
      return false;
    }
    if (!key.hasSignature()) {
      return true;
    }
    return SSHKeys.verify(key.blob(), key.signedData(), key.signature());
  }

  private static boolean isListed(Path file, byte[] blob) throws IOException {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        return false;
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    }
    boolean found = false;
    for (String line : lines) {
      byte[] listed = parseLine(line);
      // Every line is compared, matching or not, so the time does not show which line matched.
      if (listed != null && ConstantTime.equals(listed, blob)) {
        found = true;
      }
    }
    return found;
  }

  /**
   * The key blob of one authorized_keys line, or null for a blank, comment or malformed line.
   * sshd(8) AUTHORIZED_KEYS FILE FORMAT: {@code [options] keytype base64 [comment]}, where
   * options are comma-separated and may hold double-quoted strings with spaces.
   */
  static byte[] parseLine(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#")) {
      return null;
    }
    List<String> words = words(s);
    for (int i = 0; i + 1 < words.size() && i < 2; i++) {
      if (KEY_TYPES.contains(words.get(i))) {
        try {
          byte[] blob = Base64.getDecoder().decode(words.get(i + 1));
          return SSHKeys.keyType(blob).equals(words.get(i)) ? blob : null;
        } catch (IllegalArgumentException | SSHKeys.BadKey e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Splits on blanks outside double quotes (a backslash escapes a quote inside them). */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
        w.append("\\\"");
        i++;
      } else if (c == '"') {
        quoted = !quoted;
        w.append(c);
      } else if (!quoted && (c == ' ' || c == '\t')) {
        if (w.length() > 0) {
          out.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      out.add(w.toString());
    }
    return out;
  }
}
