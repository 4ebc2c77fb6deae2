/** Internals of the IMAP server (framing, tokens, FETCH, SEARCH, UIDs); not for users. */
package dev.torsion.mail.imap.internal;
