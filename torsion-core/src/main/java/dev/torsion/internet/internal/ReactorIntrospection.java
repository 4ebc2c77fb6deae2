package dev.torsion.internet.internal;

import dev.torsion.internet.DelayedCall;
import java.util.List;

/**
 * What a reactor has left open, for trial's dirty-reactor check after each test. Implemented by
 * every reactor that trial may run tests on; not for application code.
 */
public interface ReactorIntrospection {
  /** Delayed calls still scheduled. */
  List<DelayedCall> pendingDelayedCalls();

  /** Descriptions of listening ports still open. */
  List<String> openPorts();

  /** Descriptions of connections (and connection attempts) still open. */
  List<String> openConnections();

  /** How many thread-pool threads are running a task now. */
  int busyThreads();

  /** Cancels every pending call and aborts every port and connection, so the next test starts clean. */
  void cleanUp();
}
