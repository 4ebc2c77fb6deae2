package dev.torsion.ftp.client;

import dev.torsion.ftp.internal.DataChannel;
import dev.torsion.ftp.internal.DataConnection;
import dev.torsion.ftp.internal.HostPort;
import dev.torsion.ftp.internal.MalformedCommand;
import dev.torsion.ftp.internal.ReplyParser;
import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An FTP client on one control connection: Twisted's {@code FTPClient}. It logs in as soon as
 * it connects; every operation is queued, sent when the one before it has its reply, and
 * returns a Deferred of the server's final reply (failing with {@link FTPCommandFailed} on a 4xx
 * or 5xx). Data connections are passive by default (PASV, or EPSV on IPv6); {@link
 * #setPassive} false uses PORT/EPRT.
 *
 * <pre>{@code
 * FTPClient client = new FTPClient(reactor, "anonymous", "me@example.com");
 * new TCP4ClientEndpoint(reactor, "ftp.example.com", 21).connect(Factory.forProtocol(() -> client));
 * client.loggedIn()
 *     .addDeferredCallback(r -> client.cwd("/pub"))
 *     .addDeferredCallback(r -> client.retrieveFile("README", myProtocol, 0))
 *     .addDeferredCallback(r -> client.quit());
 * }</pre>
 *
 * <p>Transfers are producer/consumer, as in Twisted: {@link #retrieveFile} hands the data
 * connection to your Protocol (whose {@code transport.pauseProducing()} applies backpressure),
 * and {@link #storeFile} gives you a {@link FTPUpload} consumer to register a producer (such as
 * core's FileSender) with.
 *
 * <p>The address in a 227 reply is ignored: the client connects to the control connection's
 * peer at the port it names, so a hostile server cannot point it at a third host.
 */
public final class FTPClient extends LineReceiver {
  private final Reactor reactor;
  private final String username;
  private final String password;
  private final ReplyParser parser = new ReplyParser();
  private final ArrayDeque<Command> queue = new ArrayDeque<>();
  private final Deferred<FTPReply> loggedIn = new Deferred<>();
  private Command current;
  private boolean passive = true;
  private double dataTimeout = 60;
  private TLSOptions tls;

  /** A command waiting for its final reply; {@code preliminary} sees 1xx replies. */
  private record Command(String line, Deferred<FTPReply> result, Consumer<FTPReply> preliminary) {}

  public FTPClient(Reactor reactor, String username, String password) {
    this.reactor = reactor;
    this.username = username;
    this.password = password;
    this.MAX_LENGTH = 8192;
  }

  /** Fires with the 230 reply once logged in, or fails (FTPCommandFailed for a refused login). */
  public Deferred<FTPReply> loggedIn() {
    return loggedIn;
  }

  /** Passive (PASV/EPSV, the default) or active (PORT/EPRT) data connections. */
  public void setPassive(boolean passive) {
    this.passive = passive;
  }

  /**
   * Protects the session with TLS (RFC 4217): AUTH TLS before logging in, then PBSZ 0 and PROT
   * P so that data connections are TLS too, with this client always the TLS client. Call it
   * before connecting; {@code options} are client options naming the server to verify.
   *
   * <pre>{@code
   * client.useTLS(TLSOptions.forClient("ftp.example.com").build());
   * }</pre>
   */
  public void useTLS(TLSOptions options) {
    if (!options.isClient()) {
      throw new IllegalArgumentException("FTP over TLS needs client TLS options");
    }
    this.tls = options;
  }

  /** Seconds to wait for a data connection (60). */
  public void setDataTimeout(double seconds) {
    this.dataTimeout = seconds;
  }

  @Override
  public void connectionMade() {
    // The greeting is the reply to a command we never send.
    current = new Command(null, new Deferred<>(), null);
    Deferred<FTPReply> greeting = current.result();
    greeting.addCallbacks(r -> {
      if (tls == null) {
        login();
        return null;
      }
      queueStringCommand("AUTH TLS").addCallbacks(ok -> {
        // RFC 4217 4: the handshake starts right after the 234; nothing else is queued yet
        transport.startTLS(tls);
        login();
        return null;
      }, f -> {
        transport.loseConnection();
        loggedIn.errback(f.value());
        return null;
      });
      return null;
    }, f -> {
      loggedIn.errback(f.value());
      return null;
    });
  }

  private void login() {
    queueStringCommand("USER " + username).addCallbacks(r -> {
      if (r.code() == 230) {
        protect(r);
        return null;
      }
      queueStringCommand("PASS " + password).addCallbacks(ok -> {
        protect(ok);
        return null;
      }, f -> {
        loggedIn.errback(f.value());
        return null;
      });
      return null;
    }, f -> {
      loggedIn.errback(f.value());
      return null;
    });
  }

  /** Logged in: under TLS, PBSZ 0 and PROT P first (RFC 4217 8, 9). */
  private void protect(FTPReply login) {
    if (tls == null) {
      loggedIn.callback(login);
      return;
    }
    queueStringCommand("PBSZ 0").addErrback(f -> null);
    queueStringCommand("PROT P").addCallbacks(ok -> {
      loggedIn.callback(login);
      return null;
    }, f -> {
      loggedIn.errback(f.value());
      return null;
    });
  }

  /** The data connection's protocol: under TLS, wrapped so that this side is the TLS client. */
  private Protocol dataProtocol(DataConnection data) {
    return tls == null ? data : TLS.wrap(data, tls, reactor);
  }

  @Override
  public void lineReceived(byte[] line) {
    FTPReply reply;
    try {
      reply = parser.line(line);
    } catch (ReplyParser.MalformedReply e) {
      transport.loseConnection();
      failAll(e);
      return;
    }
    if (reply == null) {
      return;
    }
    Command c = current;
    if (c == null) {
      return; // unsolicited (a 421 before closing): connectionLost tells the waiting
    }
    if (reply.isPreliminary()) {
      if (c.preliminary() != null) {
        c.preliminary().accept(reply);
      }
      return;
    }
    current = null;
    if (reply.isError()) {
      c.result().errback(new FTPCommandFailed(c.line() == null ? "greeting" : verbOf(c.line()), reply));
    } else {
      c.result().callback(reply);
    }
    sendNext();
  }

  /** The command as an error message names it; never the password. */
  private static String verbOf(String line) {
    return line.regionMatches(true, 0, "PASS ", 0, 5) ? "PASS" : line;
  }

  @Override
  public void connectionLost(Failure reason) {
    failAll(reason.value());
  }

  private void failAll(Throwable why) {
    Throwable e = why instanceof ConnectionDone || why instanceof ConnectionLost ? why
        : new ConnectionLost("FTP control connection: " + why.getMessage(), why);
    List<Command> pending = new ArrayList<>(queue);
    queue.clear();
    if (current != null) {
      pending.add(0, current);
      current = null;
    }
    for (Command c : pending) {
      if (!c.result().called()) {
        c.result().errback(e);
      }
    }
    if (!loggedIn.called()) {
      loggedIn.errback(e);
    }
  }

  /**
   * Sends {@code command} (one line, no CRLF) when its turn comes; fires with the final reply.
   * Twisted's {@code queueStringCommand}, returning the whole reply rather than its lines.
   */
  public Deferred<FTPReply> queueStringCommand(String command) {
    return queue(command, null);
  }

  private Deferred<FTPReply> queue(String command, Consumer<FTPReply> preliminary) {
    if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
      return Deferred.fail(new IllegalArgumentException("an FTP command is one line"));
    }
    Command c = new Command(command, new Deferred<>(), preliminary);
    queue.add(c);
    if (current == null && connected) {
      sendNext();
    }
    return c.result();
  }

  private void sendNext() {
    if (current != null || queue.isEmpty() || !connected) {
      return;
    }
    current = queue.poll();
    transport.write((current.line() + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** PWD: the current directory, unquoted from the 257 reply. */
  public Deferred<String> pwd() {
    return queueStringCommand("PWD").addCallback(r -> parsePwd(r.text()));
  }

  /** The path in a 257 reply: {@code "/a ""b"""} is {@code /a "b"} (RFC 959 appendix II). */
  static String parsePwd(String text) {
    int start = text.indexOf('"');
    if (start < 0) {
      throw new MalformedCommand("no quoted path in " + text);
    }
    StringBuilder b = new StringBuilder();
    for (int i = start + 1; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else {
          return b.toString();
        }
      } else {
        b.append(ch);
      }
    }
    throw new MalformedCommand("unterminated quoted path in " + text);
  }

  public Deferred<FTPReply> cwd(String path) {
    return queueStringCommand("CWD " + path);
  }

  public Deferred<FTPReply> cdup() {
    return queueStringCommand("CDUP");
  }

  public Deferred<FTPReply> rename(String from, String to) {
    Deferred<FTPReply> first = queueStringCommand("RNFR " + from);
    Deferred<FTPReply> second = queueStringCommand("RNTO " + to);
    // Queued together, so nothing slips in between; a failed RNFR fails the rename.
    Deferred<FTPReply> result = new Deferred<>();
    first.addCallbacks(r -> {
      second.chainDeferred(result);
      return null;
    }, f -> {
      second.addErrback(ignored -> null); // RNTO without RNFR: 503, expected
      result.errback(f.value());
      return null;
    });
    return result;
  }

  public Deferred<FTPReply> removeFile(String path) {
    return queueStringCommand("DELE " + path);
  }

  public Deferred<FTPReply> removeDirectory(String path) {
    return queueStringCommand("RMD " + path);
  }

  public Deferred<FTPReply> makeDirectory(String path) {
    return queueStringCommand("MKD " + path);
  }

  /** QUIT; the server closes the connection after its 221. */
  public Deferred<FTPReply> quit() {
    return queueStringCommand("QUIT");
  }

  /** LIST into {@code protocol} (an {@link FTPFileListProtocol} parses it). */
  public Deferred<FTPReply> list(String path, Protocol protocol) {
    return download(path.isEmpty() ? "LIST" : "LIST " + path, protocol, 0);
  }

  /** LIST, parsed: the entries of {@code path}. */
  public Deferred<List<FTPFile>> list(String path) {
    FTPFileListProtocol p = new FTPFileListProtocol();
    return list(path, p).addCallback(r -> p.files());
  }

  /** NLST into {@code protocol}: one name a line. */
  public Deferred<FTPReply> nlst(String path, Protocol protocol) {
    return download(path.isEmpty() ? "NLST" : "NLST " + path, protocol, 0);
  }

  /**
   * RETR into {@code protocol}, from byte {@code offset} (REST) when it is not 0. The protocol
   * gets the data connection: connectionMade, dataReceived for each chunk (pause it through its
   * transport), connectionLost. Fires with the 226 once the data and the reply are both in.
   */
  public Deferred<FTPReply> retrieveFile(String path, Protocol protocol, long offset) {
    Deferred<FTPReply> ok = queueStringCommand("TYPE I");
    ok.addErrback(f -> null); // the transfer's own reply reports what matters
    return download("RETR " + path, protocol, offset);
  }

  /**
   * STOR (APPE with {@code append}) from byte {@code offset} when not 0: the upload's consumer
   * comes once the data connection is up; write to it or register a producer, then {@link
   * FTPUpload#finish}.
   */
  public FTPUpload storeFile(String path, long offset, boolean append) {
    queueStringCommand("TYPE I").addErrback(f -> null);
    FTPUpload upload = new FTPUpload();
    DataConnection data = new DataConnection();
    Deferred<FTPReply> done = transfer((append ? "APPE " : "STOR ") + path, data, offset);
    data.made().addCallbacks(c -> {
      upload.connected(c.transport());
      return null;
    }, f -> {
      upload.failed(f.value());
      return null;
    });
    done.addErrback(f -> {
      upload.failed(f.value());
      return f;
    });
    upload.setDone(done);
    return upload;
  }

  private Deferred<FTPReply> download(String command, Protocol protocol, long offset) {
    DataConnection data = new DataConnection();
    data.made().addCallbacks(c -> {
      protocol.makeConnection(c.transport());
      c.receive(protocol::dataReceived);
      return null;
    }, f -> null);
    data.lost().addCallback(reason -> {
      if (protocol.isConnected()) {
        protocol.transportClosed(Failure.of(reason));
      }
      return null;
    });
    return transfer(command, data, offset);
  }

  /**
   * The common part of every transfer: set up the data connection (PASV then connect, or
   * listen then PORT), send REST and the command; the result is the final reply, once the data
   * connection has closed too.
   */
  private Deferred<FTPReply> transfer(String command, DataConnection data, long offset) {
    Deferred<FTPReply> result = new Deferred<>();
    Address peer = transport.getPeer();
    String peerHost = DataChannel.host(peer);
    boolean v6 = peerHost.contains(":");
    Deferred<Void> ready;
    ListeningPort[] listening = new ListeningPort[1];
    if (passive) {
      ready = queueStringCommand(v6 ? "EPSV" : "PASV").addCallback(r -> {
        int port = v6 ? HostPort.parse229(r.text()) : HostPort.parse227(r.text()).port();
        connectData(peerHost, port, data);
        return null;
      });
    } else {
      String local = DataChannel.host(transport.getHost());
      ListeningPort lp = reactor.listenTCP(0, new Factory() {
        @Override
        public Protocol buildProtocol(Address addr) {
          if (!DataChannel.host(addr).equals(peerHost) || listening[0] == null) {
            return null; // only the server, and only once
          }
          ListeningPort p = listening[0];
          listening[0] = null;
          p.stopListening();
          return dataProtocol(data);
        }
      }, 1, local);
      listening[0] = lp;
      HostPort me = new HostPort(local, DataChannel.port(lp.getHost()));
      ready = queueStringCommand(v6 ? "EPRT " + me.toEprtArgument() : "PORT " + me.toPortArgument())
          .addCallback(r -> null);
    }
    if (offset > 0) {
      queueStringCommand("REST " + offset).addErrback(f -> null);
    }
    Deferred<FTPReply> reply = queue(command, r -> { });
    ready.addErrback(f -> {
      // no data connection: the command will fail with 425; the reply says so
      return null;
    });
    reply.addCallbacks(r -> {
      if (data.made().called() && data.transport() == null) {
        result.callback(r); // the data connection failed, yet the server says all is well
        return null;
      }
      data.lost().addCallback(reason -> {
        if (!result.called()) {
          result.callback(r);
        }
        return reason;
      });
      return null;
    }, f -> {
      closeListening(listening);
      if (data.transport() != null) {
        data.transport().abortConnection();
      }
      if (!result.called()) {
        result.errback(f.value());
      }
      return null;
    });
    return result.addTimeout(Math.max(dataTimeout * 4, 60), reactor);
  }

  private static void closeListening(ListeningPort[] listening) {
    ListeningPort p = listening[0];
    listening[0] = null;
    if (p != null) {
      p.stopListening();
    }
  }

  private void connectData(String host, int port, DataConnection data) {
    Protocol p = dataProtocol(data);
    Connector c = reactor.connectTCP(host, port, new ClientFactory(() -> p) {
      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        if (!data.made().called()) {
          data.made().errback(reason.value());
        }
      }
    }, dataTimeout, null);
    if (c == null) {
      data.made().errback(new TimeoutError("could not connect the data connection"));
    }
  }
}
