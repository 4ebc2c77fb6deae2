package dev.torsion.internet.internal;

import dev.torsion.internet.Failure;

/**
 * Something the {@link EventLoop} watches: a connection, a listening port, a connection attempt.
 * Attached to its {@link java.nio.channels.SelectionKey}, or held by the loop while it has no key
 * yet (a connector resolving a host name).
 */
interface Selectable {
  /** The channel is ready for the operations in {@code readyOps}. Never throws. */
  void onReady(int readyOps);

  /** Closes at once for a reactor shutdown or a test clean-up; connections get {@code reason}. */
  void shutdown(Failure reason);

  /** True for listening ports, false for connections and connection attempts. */
  boolean isPort();

  /** A one-line description for the dirty-reactor report. */
  String describe();
}
