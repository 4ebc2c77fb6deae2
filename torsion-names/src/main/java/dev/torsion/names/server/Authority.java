package dev.torsion.names.server;

/**
 * A source of authoritative data for one zone: Twisted's {@code IResolver} authorities ({@code
 * FileAuthority}, {@code SecondaryAuthority}). The server asks for the current {@link Zone} on
 * every query, so a secondary can replace it after a transfer.
 *
 * <pre>{@code
 * Authority a = BindAuthority.load(Path.of("example.zone"));
 * new DNSServerFactory(reactor, List.of(a), null, ServerOptions.defaults());
 * }</pre>
 */
public interface Authority {
  /** The zone's name, in lower case. */
  String origin();

  /** The zone as it is now, or null while a secondary has not yet transferred it. */
  Zone zone();
}
