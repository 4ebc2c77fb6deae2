/** SSH and telnet for Torsion, Twisted's {@code twisted.conch}. */
package dev.torsion.conch;
