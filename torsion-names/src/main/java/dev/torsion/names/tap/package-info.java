/**
 * The {@code ./torsion dns} command, Twisted's {@code twistd dns} ({@code twisted/names/tap.py}):
 * option parsing and wiring only; the server lives in {@link dev.torsion.names.server}.
 */
package dev.torsion.names.tap;
