package dev.torsion.tap;

import dev.torsion.application.Service;
import dev.torsion.cred.PasswordFileChecker;
import dev.torsion.cred.PasswordHash;
import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./torsion passwd FILE NAME}: sets NAME's password in a password file of {@code
 * NAME:HASH} lines, the file every server's {@code --password-file} reads (Twisted users know
 * {@code htpasswd}). It asks for the password twice without echo on a terminal, and reads one
 * line from standard input otherwise, so scripts can pipe it in:
 *
 * <pre>{@code
 * ./torsion passwd users.passwd alice
 * echo 's3cret' | ./torsion passwd --algorithm pbkdf2 users.passwd bob
 * }</pre>
 */
public final class PasswdPlugin implements Plugin {
  @Override
  public String name() {
    return "passwd";
  }

  @Override
  public String description() {
    return "Set a user's password in a password file (for --password-file): passwd FILE NAME";
  }

  @Override
  public String arguments() {
    return "FILE NAME";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.value("algorithm", "bcrypt|pbkdf2", "bcrypt", "the hash to store"),
        Option.value("cost", "N", null, "bcrypt cost (default "
            + PasswordHash.DEFAULT_BCRYPT_COST + ") or PBKDF2 iterations (default "
            + PasswordHash.DEFAULT_PBKDF2_ITERATIONS + ")"));
  }

  @Override
  public boolean isCommand() {
    return true;
  }

  @Override
  public Service makeService(Options options) {
    throw new UsageError("passwd is a command, not a service");
  }

  @Override
  public int runCommand(Options options) throws IOException {
    if (options.arguments().size() != 2) {
      throw new UsageError("passwd takes FILE NAME");
    }
    Path file = Path.of(options.arguments().get(0));
    String name = options.arguments().get(1);
    String algorithm = options.get("algorithm");
    if (!algorithm.equals("bcrypt") && !algorithm.equals("pbkdf2")) {
      throw new UsageError("--algorithm must be bcrypt or pbkdf2, not '" + algorithm + "'");
    }
    boolean bcrypt = algorithm.equals("bcrypt");
    int cost = options.has("cost") ? options.getInt("cost")
        : bcrypt ? PasswordHash.DEFAULT_BCRYPT_COST : PasswordHash.DEFAULT_PBKDF2_ITERATIONS;
    if (bcrypt ? cost < 4 || cost > 31 : cost < 1000) {
      throw new UsageError("--cost must be 4 to 31 for bcrypt, at least 1000 for pbkdf2");
    }
    String password = readPassword(name);
    if (password.isEmpty()) {
      throw new UsageError("the password is empty");
    }
    String hash = bcrypt ? PasswordHash.bcrypt(password, cost) : PasswordHash.pbkdf2(password, cost);
    try {
      PasswordFileChecker.setPassword(file, name, hash);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    } catch (IOException e) {
      throw new StartupError(Listen.describe("cannot write", e), e);
    }
    System.err.println("torsion: password for " + name + " set in " + file);
    return 0;
  }

  private static String readPassword(String name) throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password for %s: ", name);
      char[] second = console.readPassword("Again: ");
      if (first == null || second == null) {
        throw new UsageError("no password given");
      }
      try {
        if (!Arrays.equals(first, second)) {
          throw new UsageError("the passwords do not match");
        }
        return new String(first);
      } finally {
        Arrays.fill(first, ' ');
        Arrays.fill(second, ' ');
      }
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null) {
      throw new UsageError("no password on standard input");
    }
    return line;
  }
}
