package dev.torsion.web.server;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ReactorTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side state kept for one browser between requests, found again through a cookie, and
 * expired after a period without use: Twisted's {@code twisted.web.server.Session}.
 *
 * <pre>{@code
 * Session s = request.getSession();
 * Integer visits = (Integer) s.get("visits");
 * s.set("visits", visits == null ? 1 : visits + 1);
 * s.notifyOnExpire(() -> System.out.println("gone"));
 * }</pre>
 */
public final class Session {
  private final String uid;
  private final Site site;
  private final ReactorTime time;
  private final double timeout;
  private final Map<String, Object> attributes = new HashMap<>();
  private final List<Runnable> onExpire = new ArrayList<>();
  private DelayedCall expireCall;
  private boolean expired;

  Session(Site site, String uid, ReactorTime time, double timeout) {
    this.site = site;
    this.uid = uid;
    this.time = time;
    this.timeout = timeout;
    this.expireCall = time.callLater(timeout, this::expire);
  }

  /** The unguessable id carried by the session cookie. */
  public String getUid() {
    return uid;
  }

  public Object get(String key) {
    return attributes.get(key);
  }

  public void set(String key, Object value) {
    attributes.put(key, value);
  }

  public Object remove(String key) {
    return attributes.remove(key);
  }

  /** Marks the session as used now, pushing its expiry back. */
  public void touch() {
    if (expireCall != null && expireCall.active()) {
      expireCall.reset(timeout);
    }
  }

  /** True once the session has expired. */
  public boolean isExpired() {
    return expired;
  }

  /** Runs {@code callback} when the session expires. */
  public void notifyOnExpire(Runnable callback) {
    onExpire.add(callback);
  }

  /** Ends the session now. */
  public void expire() {
    if (expired) {
      return;
    }
    expired = true;
    if (expireCall != null && expireCall.active()) {
      expireCall.cancel();
    }
    expireCall = null;
    site.removeSession(uid);
    for (Runnable r : onExpire) {
      try {
        r.run();
      } catch (RuntimeException e) {
        dev.torsion.internet.Log.err(e, "session expiry callback failed");
      }
    }
    onExpire.clear();
  }
}
