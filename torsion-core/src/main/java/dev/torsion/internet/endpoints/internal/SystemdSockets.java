package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.CannotListenError;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the listening socket systemd passed us (sd_listen_fds(3)): {@code LISTEN_PID} must be
 * our PID, {@code LISTEN_FDS} says how many sockets start at fd 3, {@code LISTEN_FDNAMES} names
 * them (FileDescriptorName= in the socket unit, colon-separated).
 *
 * <p>The JDK adopts an inherited socket only through {@code System.inheritedChannel()}, which
 * looks at fd 0 (inetd's convention) and nothing else; there is no JDK way to wrap fd 3 itself
 * without JNI or opening JDK internals. So the socket systemd passes must also be on standard
 * input: {@code StandardInput=socket} in the service unit does that for a unit with one socket,
 * and a launcher can do it with {@code exec 0<&3}. That is why only the first socket (index 0)
 * can be adopted: fd 0 holds one. The environment is checked first, so the error says which of
 * these is missing.
 */
public final class SystemdSockets {
  public enum Domain { INET, INET6, UNIX }

  private final Map<String, String> env;
  private final long pid;
  private final ChannelSource inherited;

  /** Where the inherited channel comes from: {@code System::inheritedChannel} in real use. */
  public interface ChannelSource {
    Channel get() throws IOException;
  }

  public SystemdSockets(Map<String, String> env, long pid, ChannelSource inherited) {
    this.env = env;
    this.pid = pid;
    this.inherited = inherited;
  }

  /** The real process's: its environment, PID and {@code System.inheritedChannel()}. */
  public static SystemdSockets ofThisProcess() {
    return new SystemdSockets(System.getenv(), ProcessHandle.current().pid(), System::inheritedChannel);
  }

  /** The index of the socket named {@code name} in LISTEN_FDNAMES. */
  public int indexOf(String name) {
    int count = count();
    String names = env.get("LISTEN_FDNAMES");
    if (names == null) {
      throw new CannotListenError("systemd: no LISTEN_FDNAMES to find the socket named '" + name
          + "' (FileDescriptorName= in the socket unit)");
    }
    List<String> list = Arrays.asList(names.split(":", -1));
    int i = list.indexOf(name);
    if (i < 0 || i >= count) {
      throw new CannotListenError("systemd: no socket named '" + name + "' among " + list);
    }
    return i;
  }

  /** The listening channel at {@code index}, checked against {@code domain} (null for any). */
  public ServerSocketChannel channel(int index, Domain domain) {
    int count = count();
    if (index < 0 || index >= count) {
      throw new CannotListenError("systemd: no socket at index " + index + ": LISTEN_FDS is " + count);
    }
    if (index != 0) {
      throw new CannotListenError("systemd: cannot adopt the socket at index " + index + " (fd "
          + (3 + index) + "): the JDK adopts an inherited socket only from standard input, so "
          + "only index 0 works; give each socket its own service, or share a port with reusePort");
    }
    Channel ch;
    try {
      ch = inherited.get();
    } catch (IOException | RuntimeException e) {
      throw new CannotListenError("systemd: cannot read the inherited socket: " + e.getMessage(), e);
    }
    if (!(ch instanceof ServerSocketChannel)) {
      throw new CannotListenError("systemd: the socket (fd 3) is not on standard input, where the "
          + "JDK can adopt it: set StandardInput=socket in the service unit, or start with 0<&3"
          + (ch == null ? "" : " (standard input is a " + ch.getClass().getSimpleName() + ")"));
    }
    ServerSocketChannel server = (ServerSocketChannel) ch;
    if (domain != null) {
      SocketAddress local;
      try {
        local = server.getLocalAddress();
      } catch (IOException e) {
        throw new CannotListenError("systemd: cannot read the inherited socket: " + e.getMessage(), e);
      }
      Domain actual = local instanceof UnixDomainSocketAddress ? Domain.UNIX
          : local instanceof InetSocketAddress && ((InetSocketAddress) local).getAddress() instanceof Inet6Address
              ? Domain.INET6
          : local instanceof InetSocketAddress && ((InetSocketAddress) local).getAddress() instanceof Inet4Address
              ? Domain.INET : null;
      if (actual != domain) {
        throw new CannotListenError("systemd: the socket at index " + index + " is " + actual
            + " (" + local + "), not " + domain);
      }
    }
    return server;
  }

  private int count() {
    String listenPid = env.get("LISTEN_PID");
    String fds = env.get("LISTEN_FDS");
    if (listenPid == null || fds == null) {
      throw new CannotListenError("systemd: no sockets were passed (LISTEN_PID and LISTEN_FDS are "
          + "not set): start this from a systemd socket unit or systemd-socket-activate");
    }
    if (!listenPid.strip().equals(Long.toString(pid))) {
      throw new CannotListenError("systemd: the sockets were passed to PID " + listenPid.strip()
          + ", not to this process (" + pid + ")");
    }
    try {
      int n = Integer.parseInt(fds.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new CannotListenError("systemd: bad LISTEN_FDS '" + fds + "'");
    }
  }

  /** "INET", "inet6", "UNIX"... as the parser reads a domain. */
  public static Domain domain(String text) {
    try {
      return Domain.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad domain '" + text + "': use INET, INET6 or UNIX");
    }
  }
}
