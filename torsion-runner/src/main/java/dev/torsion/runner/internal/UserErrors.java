package dev.torsion.runner.internal;

/** How the runner names an exception thrown by a user's code, in the one line it prints. */
public final class UserErrors {
  private UserErrors() {}

  /** "IllegalStateException: no users file": the simple class name and the message. */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName();
    if (name.isEmpty()) {
      name = t.getClass().getName(); // an anonymous exception class
    }
    return message == null || message.isBlank() ? name : name + ": " + message.strip();
  }
}
