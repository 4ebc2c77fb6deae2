package dev.torsion.web.server;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransportWithDisconnection;
import java.nio.charset.StandardCharsets;

/** A Site with one connection on an in-memory transport and a Clock. */
final class ServerHarness {
  final Clock clock = new Clock();
  final Site site;
  final StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
  Protocol protocol;

  ServerHarness(Resource root) {
    this.site = new Site(root, clock);
  }

  ServerHarness connect() {
    protocol = site.buildProtocol(transport.getPeer());
    transport.protocol = protocol;
    protocol.makeConnection(transport);
    return this;
  }

  ServerHarness send(String raw) {
    protocol.dataReceived(raw.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  String output() {
    return new String(transport.value(), StandardCharsets.ISO_8859_1);
  }

  boolean closed() {
    return transport.isDisconnecting();
  }
}
