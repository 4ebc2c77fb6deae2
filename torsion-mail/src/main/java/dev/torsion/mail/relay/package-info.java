/**
 * Relaying: the queue runner that sends mail accepted for foreign domains to a smart host or to
 * the recipient domain's own server, retries temporary failures with backoff and bounces what
 * cannot be delivered (Twisted's {@code twisted.mail.relaymanager}).
 */
package dev.torsion.mail.relay;
