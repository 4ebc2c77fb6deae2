/**
 * Services: the parts of a long-running program that start and stop together, as Twisted's
 * {@code twisted.application.service} and {@code twisted.application.internet}.
 *
 * <p>An {@link dev.torsion.application.Application} is the root of a tree of {@link
 * dev.torsion.application.Service}s: {@link dev.torsion.application.Strports#service} listens on
 * an endpoint string, {@link dev.torsion.application.ClientService} keeps a client connected,
 * {@link dev.torsion.application.TimerService} calls something every few seconds, and {@link
 * dev.torsion.application.MultiService} groups them. The {@code ./torsion} runner starts an
 * application with the reactor and stops it gracefully on SIGTERM.
 */
package dev.torsion.application;
