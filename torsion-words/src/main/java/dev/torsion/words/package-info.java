/** IRC for Torsion, Twisted's {@code twisted.words}: a server and a client for bots. */
package dev.torsion.words;
