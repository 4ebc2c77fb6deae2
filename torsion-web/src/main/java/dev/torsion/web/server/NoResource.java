package dev.torsion.web.server;

/**
 * The 404 page: Twisted's {@code twisted.web.resource.NoResource}.
 *
 * <pre>{@code
 * return new NoResource("No such user.");   // from getChild
 * }</pre>
 */
public final class NoResource extends ErrorPage {
  public NoResource() {
    this("Sorry. No luck finding that resource.");
  }

  public NoResource(String message) {
    super(404, "No Such Resource", message);
  }
}
