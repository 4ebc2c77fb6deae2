/**
 * IMAP4rev1, Twisted's {@code twisted.mail.imap4}: the server over the users' Maildirs ({@link
 * dev.torsion.mail.imap.IMAP4Factory}) with IDLE, UIDPLUS, LITERAL+, UNSELECT and STARTTLS (RFC
 * 3501, 2177, 4315, 7888, 3691). Its state machine and literal handling are described in
 * docs/design/imap.md.
 */
package dev.torsion.mail.imap;
