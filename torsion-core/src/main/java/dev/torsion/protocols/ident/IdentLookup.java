package dev.torsion.protocols.ident;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;

/**
 * Who owns the connection between our {@code serverPort} and the asker's {@code clientPort}: the
 * source of an {@link IdentServer}'s answers (Twisted's {@code IdentServer.lookup}). Fail (or
 * throw) with {@link IdentError} to answer an error; anything else answers {@code UNKNOWN-ERROR}.
 *
 * <pre>{@code
 * IdentLookup lookup = (serverPort, clientPort, peer) -> serverPort == 6667
 *     ? Deferred.succeed(new IdentUser("UNIX", "ircd"))
 *     : Deferred.fail(new IdentError(IdentError.NO_USER));
 * }</pre>
 */
@FunctionalInterface
public interface IdentLookup {
  Deferred<IdentUser> lookup(int serverPort, int clientPort, Address peer);
}
