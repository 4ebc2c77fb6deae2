/** The IRC server's and client's insides: line framing, channels, flood control. Not API. */
package dev.torsion.words.irc.internal;
