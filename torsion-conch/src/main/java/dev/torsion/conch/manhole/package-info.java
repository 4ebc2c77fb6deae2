/**
 * Manhole: an interactive Java shell (JShell, run in this JVM) into a running Torsion process,
 * with the objects given to {@link dev.torsion.conch.manhole.Manhole#bind} as variables.
 * Twisted's {@code twisted.conch.manhole}. Anyone who reaches it runs code as the process: keep
 * it on loopback.
 */
package dev.torsion.conch.manhole;
