package dev.torsion.protocols.ident;

/**
 * The owner of a connection as ident reports it (RFC 1413 section 6): an operating system name
 * such as {@code UNIX} and a user id.
 *
 * <pre>{@code
 * IdentLookup lookup = (serverPort, clientPort, peer) ->
 *     Deferred.succeed(new IdentUser("UNIX", "alice"));
 * }</pre>
 *
 * @param system the opsys field, {@code UNIX}, {@code OTHER}...
 * @param userId the user id
 */
public record IdentUser(String system, String userId) {}
