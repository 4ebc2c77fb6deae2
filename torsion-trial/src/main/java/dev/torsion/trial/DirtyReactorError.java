package dev.torsion.trial;

import java.util.List;

/**
 * A test left work behind on its reactor: delayed calls still scheduled, ports still
 * listening, connections still open, or pool threads still busy. Twisted's {@code
 * DirtyReactorAggregateError}.
 *
 * <p>Trial checks after each test (after {@code @AfterEach}) and fails the test with this error,
 * then cleans all of it up so that the next test starts clean. The fix is usually to wait for
 * what was started: return {@code port.stopListening()}, wait for {@code connectionLost}, cancel
 * the timer.
 *
 * <pre>{@code
 * DirtyReactorError: Reactor was unclean after dev.example.PortTest.listens() (cleaned up):
 *   open listening ports (1):
 *     <TCP port 127.0.0.1:41623 (Factory)>
 * }</pre>
 */
public final class DirtyReactorError extends AssertionError {
  private final List<String> delayedCalls;
  private final List<String> ports;
  private final List<String> connections;
  private final int busyThreads;

  public DirtyReactorError(
      String testName,
      List<String> delayedCalls,
      List<String> ports,
      List<String> connections,
      int busyThreads) {
    super(message(testName, delayedCalls, ports, connections, busyThreads));
    this.delayedCalls = List.copyOf(delayedCalls);
    this.ports = List.copyOf(ports);
    this.connections = List.copyOf(connections);
    this.busyThreads = busyThreads;
  }

  /** Descriptions of the delayed calls that were still scheduled. */
  public List<String> delayedCalls() {
    return delayedCalls;
  }

  /** Descriptions of the listening ports that were still open. */
  public List<String> ports() {
    return ports;
  }

  /** Descriptions of the connections that were still open. */
  public List<String> connections() {
    return connections;
  }

  /** How many pool threads were still running a task. */
  public int busyThreads() {
    return busyThreads;
  }

  private static String message(
      String testName,
      List<String> delayedCalls,
      List<String> ports,
      List<String> connections,
      int busyThreads) {
    StringBuilder b = new StringBuilder("Reactor was unclean after ").append(testName).append(" (cleaned up):");
    section(b, "pending delayed calls", delayedCalls);
    section(b, "open listening ports", ports);
    section(b, "open connections", connections);
    if (busyThreads > 0) {
      b.append("\n  thread-pool threads still busy: ").append(busyThreads);
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    b.append("\n  ").append(title).append(" (").append(items.size()).append("):");
    for (String item : items) {
      b.append("\n    ").append(item);
    }
  }
}
