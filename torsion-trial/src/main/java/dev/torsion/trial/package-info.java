/**
 * trial: testing asynchronous Torsion code the Twisted way, on JUnit 5.
 *
 * <p>{@link dev.torsion.trial.TrialTest} runs each test on a fresh reactor, waits for a returned
 * Deferred, fails tests that leave the reactor dirty or log errors, and enforces a timeout.
 * {@link dev.torsion.trial.Trial} holds the synchronous helpers of Twisted's {@code
 * SynchronousTestCase} ({@code successResultOf}, {@code failureResultOf}...). The fakes ({@link
 * dev.torsion.trial.StringTransport}, {@link dev.torsion.trial.MemoryReactor}, {@link
 * dev.torsion.trial.IOPump}) test protocols with no sockets at all, and {@link
 * dev.torsion.trial.Peers} finds the real programs that interop tests talk to.
 */
package dev.torsion.trial;
