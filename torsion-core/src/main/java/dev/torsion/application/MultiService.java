package dev.torsion.application;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A service made of other services: Twisted's {@code MultiService}.
 *
 * <p>Children start in the order they were added, each after the previous one's start Deferred
 * has fired, so a port is bound before the next service relies on it; if one fails, the rest are
 * not started and the failure is the result. Children stop in reverse order, all at once, and
 * the stop Deferred fires when every one of them has finished stopping (a child that fails to
 * stop is logged, and does not keep the others from stopping).
 *
 * <pre>{@code
 * MultiService web = new MultiService();
 * Strports.service("tcp:8080", site, reactor).setServiceParent(web);
 * new TimerService(reactor, 60, cache::expire).setServiceParent(web);
 * web.setServiceParent(application);
 * }</pre>
 */
public class MultiService extends Service implements Iterable<Service> {
  private final List<Service> services = new ArrayList<>();
  private final Map<String, Service> namedServices = new HashMap<>();

  /**
   * Adds a child. A named child must have a name unique among its siblings. If this service is
   * running, the child starts at once (a failure to start is logged).
   */
  public void addService(Service service) {
    String childName = service.getName();
    if (childName != null) {
      if (namedServices.containsKey(childName)) {
        throw new IllegalStateException("a service named '" + childName + "' is already in " + this);
      }
      namedServices.put(childName, service);
    }
    services.add(service);
    service.attachParent(this);
    if (isRunning()) {
      Deferred<Void> started = Services.start(service);
      started.addErrback(
          f -> {
            Log.err(f, "Unhandled error starting " + service);
            return null;
          });
    }
  }

  /** Removes a child, stopping it if this service is running; fires when it has stopped. */
  public Deferred<Void> removeService(Service service) {
    if (!services.remove(service)) {
      throw new IllegalArgumentException(service + " is not a child of " + this);
    }
    if (service.getName() != null) {
      namedServices.remove(service.getName());
    }
    service.attachParent(null);
    if (isRunning()) {
      return Services.stop(service);
    }
    return Deferred.succeed(null);
  }

  /** The child with this name; throws if there is none. */
  public Service getServiceNamed(String name) {
    Service s = namedServices.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no service named '" + name + "' in " + this);
    }
    return s;
  }

  @Override
  public Iterator<Service> iterator() {
    return Collections.unmodifiableList(new ArrayList<>(services)).iterator();
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    return startFrom(new ArrayList<>(services), 0);
  }

  private Deferred<Void> startFrom(List<Service> children, int index) {
    if (index == children.size()) {
      return Deferred.succeed(null);
    }
    // A failure skips the callback, so no later child starts and the failure is the result.
    return Services.start(children.get(index))
        .addDeferredCallback(ignored -> startFrom(children, index + 1));
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    List<Service> children = new ArrayList<>(services);
    Collections.reverse(children);
    Deferred<Void> all = new Deferred<>();
    int[] pending = {children.size() + 1};
    Runnable oneDone =
        () -> {
          if (--pending[0] == 0) {
            all.callback(null);
          }
        };
    for (Service child : children) {
      Services.stop(child)
          .addBoth(
              r -> {
                if (r instanceof Failure) {
                  Log.err((Failure) r, "Error stopping " + child);
                }
                oneDone.run();
                return null;
              });
    }
    oneDone.run();
    return all;
  }
}
