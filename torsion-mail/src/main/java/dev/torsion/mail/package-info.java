/**
 * Mail for Torsion, Twisted's {@code twisted.mail}: the storage the servers share ({@link
 * dev.torsion.mail.Maildir}, one per user), the local domains and users ({@link
 * dev.torsion.mail.MailDomains}), and the avatar a mail login yields ({@link
 * dev.torsion.mail.MailAccount}). The protocols live in {@code dev.torsion.mail.smtp}, {@code
 * dev.torsion.mail.pop3} and {@code dev.torsion.mail.imap}; the {@code ./torsion mail} plugin in
 * {@code dev.torsion.mail.tap}.
 */
package dev.torsion.mail;
