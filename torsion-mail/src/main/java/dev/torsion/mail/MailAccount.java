package dev.torsion.mail;

import java.util.Objects;

/**
 * The avatar a mail login yields: the local user's name and their Maildir. Twisted's POP3 and
 * IMAP avatars ({@code IMailbox}, {@code IAccount}) are this, for a Maildir store.
 *
 * <pre>{@code
 * Realm realm = Realm.of(MailAccount.class, name -> new MailAccount(name, domains.maildirFor(name)));
 * }</pre>
 */
public record MailAccount(String name, Maildir maildir) {
  public MailAccount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maildir, "maildir");
  }
}
