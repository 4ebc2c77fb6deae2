package dev.torsion.application;

import dev.torsion.internet.Deferred;

/** Calls a service's start or stop and always gets a Deferred back, whatever it returned. */
final class Services {
  private Services() {}

  static Deferred<Void> start(Service service) {
    return Deferred.maybeDeferred(service::startService);
  }

  static Deferred<Void> stop(Service service) {
    return Deferred.maybeDeferred(service::stopService);
  }
}
