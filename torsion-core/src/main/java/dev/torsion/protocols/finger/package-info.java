/**
 * Finger (RFC 1288), Twisted's {@code twisted.protocols.finger}: {@link
 * dev.torsion.protocols.finger.FingerServer} answering from {@link
 * dev.torsion.protocols.finger.FingerUsers}, and {@link dev.torsion.protocols.finger.FingerClient}.
 */
package dev.torsion.protocols.finger;
