/**
 * POP3, Twisted's {@code twisted.mail.pop3}: the server over the users' Maildirs ({@link
 * dev.torsion.mail.pop3.POP3Factory}) with APOP, CAPA and STLS (RFC 1939, 2449, 2595), and a
 * client ({@link dev.torsion.mail.pop3.POP3Client}).
 */
package dev.torsion.mail.pop3;
