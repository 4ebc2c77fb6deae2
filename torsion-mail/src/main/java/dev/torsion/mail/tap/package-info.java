/** The {@code ./torsion mail} plugin: SMTP, POP3 and IMAP servers wired to Maildirs and cred. */
package dev.torsion.mail.tap;
