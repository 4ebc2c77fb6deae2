package dev.torsion.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The domains this server receives mail for, who its local users are, and where their Maildirs
 * live ({@code ROOT/NAME/{tmp,new,cur}}): Twisted's {@code MaildirDirdbmDomain}, for every local
 * domain at once. A user NAME receives mail as NAME@DOMAIN for each domain and logs in as NAME or
 * NAME@DOMAIN.
 *
 * <pre>{@code
 * MailDomains local = new MailDomains(Path.of("/var/mail"), Set.of("example.com"),
 *     name -> users.hasUser(name));
 * local.isLocal("example.com");          // true
 * local.userFor("Alice@Example.com");    // "alice" when alice is a user
 * }</pre>
 */
public final class MailDomains {
  private final Path root;
  private final Set<String> domains = new LinkedHashSet<>();
  private final Predicate<String> userExists;

  /**
   * @param root the directory holding one Maildir per user
   * @param domains the local domains, case-insensitive
   * @param userExists whether NAME (as given, after the domain is stripped) is a local user
   */
  public MailDomains(Path root, Set<String> domains, Predicate<String> userExists) {
    this.root = root;
    for (String d : domains) {
      this.domains.add(d.toLowerCase(Locale.ROOT));
    }
    this.userExists = userExists;
  }

  /** The first local domain, used where a bare name needs one (the postmaster). */
  public String primaryDomain() {
    return domains.isEmpty() ? "localhost" : domains.iterator().next();
  }

  public Set<String> domains() {
    return Set.copyOf(domains);
  }

  /** Whether {@code domain} is one of ours. */
  public boolean isLocal(String domain) {
    return domains.contains(domain.toLowerCase(Locale.ROOT));
  }

  /**
   * The local user that {@code nameOrAddress} (NAME or NAME@DOMAIN) denotes, or null: a foreign
   * domain or an unknown name. The name's case is kept as the user database spells it.
   */
  public String userFor(String nameOrAddress) {
    String name = nameOrAddress;
    int at = nameOrAddress.lastIndexOf('@');
    if (at >= 0) {
      if (!isLocal(nameOrAddress.substring(at + 1))) {
        return null;
      }
      name = nameOrAddress.substring(0, at);
    }
    if (name.isEmpty() || !Maildir.isSafeName(name)) {
      return null;
    }
    if (userExists.test(name)) {
      return name;
    }
    // Local parts are case-sensitive in theory (RFC 5321 2.4) and never in practice.
    String lower = name.toLowerCase(Locale.ROOT);
    return !lower.equals(name) && userExists.test(lower) ? lower : null;
  }

  /** The Maildir of local user {@code name}, created if missing. */
  public Maildir maildirFor(String name) {
    if (!Maildir.isSafeName(name)) {
      throw new IllegalArgumentException("not a mailbox name: " + name);
    }
    try {
      return Maildir.open(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where messages wait while they arrive, before they are linked into Maildirs or queued. */
  public Path spool() {
    return root.resolve(".spool");
  }

  /** Where messages for foreign domains wait for relaying. */
  public Path queue() {
    return root.resolve(".queue");
  }
}
