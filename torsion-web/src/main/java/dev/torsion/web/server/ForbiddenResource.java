package dev.torsion.web.server;

/**
 * The 403 page: Twisted's {@code twisted.web.resource.ForbiddenResource}.
 *
 * <pre>{@code
 * root.putChild("private", new ForbiddenResource());
 * }</pre>
 */
public final class ForbiddenResource extends ErrorPage {
  public ForbiddenResource() {
    this("Sorry, resource is forbidden.");
  }

  public ForbiddenResource(String message) {
    super(403, "Forbidden Resource", message);
  }
}
