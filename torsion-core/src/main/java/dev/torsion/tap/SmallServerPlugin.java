package dev.torsion.tap;

import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Required;
import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.application.UDPServer;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.UsageError;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape shared by the small RFC services (echo, discard, chargen, daytime, qotd): a TCP
 * factory on {@code --listen}, and the datagram version on the same port number over UDP unless
 * {@code --udp} says otherwise.
 */
abstract class SmallServerPlugin implements Plugin {
  private final String name;
  private final String description;
  private final int defaultPort;

  SmallServerPlugin(String name, String description, int defaultPort) {
    this.name = name;
    this.description = description;
    this.defaultPort = defaultPort;
  }

  /** The TCP factory. */
  abstract Factory factory(Reactor reactor);

  /** The UDP protocol, or null when the service has none here. */
  abstract DatagramProtocol datagram(Reactor reactor);

  /** Its factories share no mutable state, and protocols time and connect on their own reactor. */
  @Override
  public final boolean supportsManyReactors() {
    return true;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public List<Option> options() {
    List<Option> options = new ArrayList<>();
    options.add(Option.value("listen", "ENDPOINT", "tcp:" + defaultPort, "where to listen for TCP"));
    if (datagram(null) != null) {
      options.add(
          Option.value("udp", "PORT|none", null,
              "UDP port (default: the --listen port, when it is tcp:)"));
    }
    return options;
  }

  @Override
  public Service makeService(Options options) {
    Reactor reactor = options.reactor();
    String listen = options.get("listen");
    MultiService service = new MultiService();
    Listen.service(listen, factory(reactor), reactor).setServiceParent(service);
    DatagramProtocol udp = datagram(reactor);
    if (udp != null) {
      TcpPort derived = TcpPort.of(listen);
      String udpOption = options.get("udp");
      Integer port = null;
      String iface = derived == null ? "" : derived.iface();
      if (udpOption == null) {
        port = derived == null ? null : derived.port();
      } else if (!udpOption.equals("none")) {
        try {
          port = Integer.parseInt(udpOption);
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 0 || port > 65535) {
          throw new UsageError("--udp must be a port number or none, not '" + udpOption + "'");
        }
      }
      if (port != null) {
        new UDPServer(reactor, port, udp, iface).setServiceParent(service);
      }
    }
    return service;
  }

  /** The port and interface of a plain {@code tcp:} description, to mirror it over UDP. */
  record TcpPort(int port, String iface) {
    static TcpPort of(String description) {
      if (!description.startsWith("tcp:") || description.contains("\\")) {
        return null;
      }
      Integer port = null;
      String iface = "";
      String[] parts = description.substring(4).split(":");
      for (String part : parts) {
        int eq = part.indexOf('=');
        try {
          if (eq < 0 && port == null) {
            port = Integer.parseInt(part);
          } else if (part.startsWith("port=")) {
            port = Integer.parseInt(part.substring(5));
          } else if (part.startsWith("interface=")) {
            iface = part.substring(10);
          }
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return port == null ? null : new TcpPort(port, iface);
    }
  }
}
