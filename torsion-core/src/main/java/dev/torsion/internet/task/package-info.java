/**
 * Helpers for scheduling work on the reactor, Twisted's {@code twisted.internet.task}: {@link
 * dev.torsion.internet.task.Clock}, a deterministic {@link dev.torsion.internet.ReactorTime} for
 * tests whose calls run only when the test advances time; {@link
 * dev.torsion.internet.task.LoopingCall}, a function called every interval on a fixed grid;
 * {@link dev.torsion.internet.task.Cooperator}, which runs long iterator-shaped jobs in small,
 * fairly shared time slices between I/O; and {@link dev.torsion.internet.task.Task}, with {@code
 * deferLater}, {@code cooperate} and {@code react} (run a program's main Deferred, then exit). All
 * of it is single-threaded: use it on the reactor thread, or with a Clock in a test.
 */
package dev.torsion.internet.task;
