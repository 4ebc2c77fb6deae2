package dev.torsion.application;

import dev.torsion.internet.Deferred;
import java.util.Objects;

/**
 * Something that starts and stops with its application: Twisted's {@code
 * twisted.application.service.Service}.
 *
 * <p>A program is a tree of services under an {@link Application}: ports that listen, clients that
 * stay connected, timers. Starting the application starts every service in the tree, in the order
 * they were added; stopping it stops them in reverse. Subclass it, call {@code super} first, and
 * return a Deferred from {@link #startService} or {@link #stopService} when the work takes a while
 * (a port being bound, connections draining); {@code null} means "done already".
 *
 * <pre>{@code
 * final class Heartbeat extends Service {
 *   @Override public Deferred<Void> startService() {
 *     super.startService();
 *     log.info("up");
 *     return null;
 *   }
 * }
 * new Heartbeat().setServiceParent(application);
 * }</pre>
 */
public class Service {
  private String name;
  private MultiService parent;
  private boolean running;

  /** The name this service is known by in its parent, or null. */
  public final String getName() {
    return name;
  }

  /** Names the service; a service already in a parent cannot be renamed. */
  public void setName(String name) {
    if (parent != null) {
      throw new IllegalStateException("cannot rename " + this + " while it has a parent");
    }
    this.name = name;
  }

  /** The service this one belongs to, or null. */
  public final MultiService getParent() {
    return parent;
  }

  /** True between {@link #startService} and {@link #stopService}. */
  public final boolean isRunning() {
    return running;
  }

  /**
   * Adds this service to {@code parent}, leaving its old parent first. If {@code parent} is
   * running, this service starts at once.
   */
  public void setServiceParent(MultiService parent) {
    Objects.requireNonNull(parent, "parent");
    if (this.parent != null) {
      disownServiceParent();
    }
    parent.addService(this);
  }

  /** Removes this service from its parent, stopping it if the parent is running. */
  public Deferred<Void> disownServiceParent() {
    MultiService old = parent;
    if (old == null) {
      return Deferred.succeed(null);
    }
    return old.removeService(this);
  }

  /** Marks the service running. Overrides call {@code super.startService()} first. */
  public Deferred<Void> startService() {
    running = true;
    return null;
  }

  /** Marks the service stopped. Overrides call {@code super.stopService()} first. */
  public Deferred<Void> stopService() {
    running = false;
    return null;
  }

  /** Called by {@link MultiService} as it adopts or releases this service. */
  final void attachParent(MultiService newParent) {
    this.parent = newParent;
  }

  @Override
  public String toString() {
    String kind = getClass().getSimpleName();
    return name == null ? kind : kind + " '" + name + "'";
  }
}
