/** Internals of torsion-mail shared by its protocols; not API, may change without notice. */
package dev.torsion.mail.internal;
