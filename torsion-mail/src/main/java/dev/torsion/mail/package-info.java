/** Mail for Torsion, Twisted's {@code twisted.mail}: SMTP, POP3 and IMAP4, servers and clients. */
package dev.torsion.mail;
