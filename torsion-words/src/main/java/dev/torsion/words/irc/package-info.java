/**
 * IRC (RFC 1459, RFC 2812, IRCv3 capabilities and message-tags), Twisted's {@code
 * twisted.words.protocols.irc}: the message codec ({@link dev.torsion.words.irc.IRCMessage}), a
 * server ({@link dev.torsion.words.irc.IRCServerFactory}) and a client for bots ({@link
 * dev.torsion.words.irc.IRCClient}).
 */
package dev.torsion.words.irc;
