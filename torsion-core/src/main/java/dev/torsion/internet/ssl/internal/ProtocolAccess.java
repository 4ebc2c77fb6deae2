package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Re-points a connected protocol's {@code transport} field at the TLS layer after STARTTLS.
 *
 * <p>Why a VarHandle: {@link Protocol#makeConnection} would also call connectionMade again, and
 * the field is protected, so code outside the protocol's own hierarchy has no other way to set
 * it; a public setter would invite every user to swap transports. The lookup stays inside
 * torsion-core (same module), so it needs no --add-opens.
 */
final class ProtocolAccess {
  private static final VarHandle TRANSPORT;

  static {
    try {
      TRANSPORT =
          MethodHandles.privateLookupIn(Protocol.class, MethodHandles.lookup())
              .findVarHandle(Protocol.class, "transport", Transport.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ProtocolAccess() {}

  static void setTransport(Protocol protocol, Transport transport) {
    TRANSPORT.set(protocol, transport);
  }
}
