package dev.torsion.mail.internal;

import java.util.function.Consumer;

/**
 * A probe at every place the mail servers touch a Maildir (list, read, rename, delete, deliver,
 * the UID file): tests install a listener to prove that none of it runs on the reactor thread.
 * Without a listener (always, outside tests) it costs one volatile read.
 *
 * <pre>{@code
 * DiskAccess.listen(what -> threads.add(Thread.currentThread().getName() + " " + what));
 * }</pre>
 */
public final class DiskAccess {
  private static volatile Consumer<String> listener;

  private DiskAccess() {}

  /** Reports {@code what} (a short name: "list", "read"...) to the listener, if any. */
  public static void touch(String what) {
    Consumer<String> l = listener;
    if (l != null) {
      l.accept(what);
    }
  }

  /** Installs {@code l} (null removes it); for tests. */
  public static void listen(Consumer<String> l) {
    listener = l;
  }
}
