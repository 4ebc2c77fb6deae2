/** Internals of torsion-names (the wire codec and name text); not for use outside the module. */
package dev.torsion.names.internal;
