/**
 * IMAP4rev1, Twisted's {@code twisted.mail.imap4}: the server over the users' Maildirs ({@link
 * dev.torsion.mail.imap.IMAP4Factory}) with IDLE, UIDPLUS, LITERAL+, UNSELECT and STARTTLS (RFC
 * 3501, 2177, 4315, 7888, 3691), and the client ({@link dev.torsion.mail.imap.IMAP4Client}),
 * pipelined, with IDLE and STARTTLS. The state machine, literal handling, threading and the
 * client's response sorting are described in docs/design/imap.md.
 */
package dev.torsion.mail.imap;
