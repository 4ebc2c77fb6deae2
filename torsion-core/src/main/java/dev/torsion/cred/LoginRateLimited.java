package dev.torsion.cred;

/**
 * A source address has failed too often and must wait before it may try again: raised by {@link
 * Portal} under its {@link LoginLimiter}. It is an {@link UnauthorizedLogin}, so a protocol that
 * answers every failed login the same way needs no special case.
 *
 * <pre>{@code
 * d.addErrback(f -> { f.trap(LoginRateLimited.class); reply("421 too many failures"); return null; });
 * }</pre>
 */
public final class LoginRateLimited extends UnauthorizedLogin {
  private final double retryAfterSeconds;

  public LoginRateLimited(double retryAfterSeconds) {
    super("too many failed logins; try again in " + Math.round(Math.ceil(retryAfterSeconds)) + "s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds until the source may try again. */
  public double retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
