/**
 * Torsion's machinery, not API: the selector loop behind {@link dev.torsion.internet.NioReactor}
 * ({@code EventLoop}, {@code TimerQueue}, {@code SystemEvents}), the TCP, Unix and UDP
 * transports, ports and connectors ({@code StreamConnection}, {@code StreamPort}, {@code
 * StreamConnector}, {@code DatagramPort}), processes, the default resolver and the hooks trial
 * uses ({@code ReactorIntrospection}). Anything here may change without notice; application code
 * should not use it. Read docs/design/threading.md and docs/design/buffers-and-backpressure.md
 * before changing it.
 */
package dev.torsion.internet.internal;
