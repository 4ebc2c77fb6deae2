package dev.torsion.ftp;

import dev.torsion.cred.Anonymous;
import dev.torsion.cred.Credentials;
import dev.torsion.cred.Login;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.ftp.internal.DataChannel;
import dev.torsion.ftp.internal.DataCommands;
import dev.torsion.ftp.internal.DiskErrors;
import dev.torsion.ftp.internal.FTPCommand;
import dev.torsion.ftp.internal.FileCommands;
import dev.torsion.ftp.internal.MalformedCommand;
import dev.torsion.ftp.internal.PassivePorts;
import dev.torsion.ftp.internal.RootedFileSystem;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.protocols.LineReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The FTP server protocol on one control connection (RFC 959, with RFC 2428, 3659, 2389 and
 * 4217): Twisted's {@code twisted.protocols.ftp.FTP}. Made by an {@link FTPFactory}.
 *
 * <pre>
 *   220 --USER--> 331 --PASS ok--> 230 (logged in) --QUIT--> 221, closed
 *    |  AUTH TLS: 234, TLS, back to "220" (log in again, RFC 4217 4)
 *    |  3 failed PASS: 530, closed           idle timeout: 421, closed
 *   logged in: PASV/EPSV/PORT/EPRT set up the next data connection; RETR, STOR, APPE, LIST,
 *   NLST, MLSD answer 150, move the data, then 226 (or 425/426/451/550).
 * </pre>
 *
 * <p>Nothing here blocks the reactor: every command that touches the disk runs on the thread
 * pool while the connection stops reading (so commands stay in order), and transfers stream
 * chunk by chunk with backpressure. During a transfer the connection keeps reading so that
 * ABOR, STAT and NOOP are answered at once; other commands wait until the transfer ends.
 *
 * <pre>{@code
 * Portal portal = new Portal(FTPRealm.of(root), new AllowAnonymousAccess());
 * reactor.listenTCP(2121, new FTPFactory(FTPServerOptions.builder(portal).build(), reactor));
 * }</pre>
 */
public final class FTP extends LineReceiver {
  private static final Set<String> ANONYMOUS_NAMES = Set.of("anonymous", "ftp");
  /** Commands answered before login. */
  private static final Set<String> BEFORE_LOGIN = Set.of(
      "USER", "PASS", "AUTH", "PBSZ", "PROT", "FEAT", "SYST", "NOOP", "QUIT", "HELP", "OPTS", "ACCT");
  /** Commands answered at once during a transfer; the rest wait for it to end. */
  private static final Set<String> DURING_TRANSFER = Set.of("ABOR", "STAT", "NOOP", "QUIT");
  private static final int MAX_QUEUED_DURING_TRANSFER = 16;
  private static final List<String> FEATURES = List.of(
      "EPRT", "EPSV", "MDTM", "MLST type*;size*;modify*;perm*;", "PASV", "REST STREAM", "SIZE",
      "TVFS", "UTF8");

  private final FTPServerOptions options;
  private final Reactor reactor;
  private final PassivePorts passivePorts;
  private final FTPFactory owner;
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private DelayedCall idle;
  private boolean counted;

  private String user;
  private Login<FTPShell> login;
  private FileCommands files;
  private List<String> cwd = List.of();
  private int loginFailures;
  private boolean busy; // a disk command is running: lines wait (reading is paused)
  private Transfer transfer;
  private DataChannel data;
  private boolean ascii;
  private long restart;
  private Path renameFrom;
  private DataCommands dataCommands;
  private boolean pbsz;
  private boolean protectData;

  FTP(FTPServerOptions options, Reactor reactor, PassivePorts passivePorts, FTPFactory owner) {
    this.options = options;
    this.reactor = reactor;
    this.passivePorts = passivePorts;
    this.owner = owner;
    this.delimiter = new byte[] {'\n'}; // CR stripped by the parser: some clients send bare LF
    this.MAX_LENGTH = options.maxLineLength();
  }

  @Override
  public void connectionMade() {
    counted = true;
    if (!owner.connectionOpened()) {
      reply(421, "Too many connections, try again later");
      transport.loseConnection();
      return;
    }
    data = new DataChannel(reactor, passivePorts, DataChannel.host(transport.getPeer()),
        () -> protectData ? options.tls() : null);
    dataCommands = new DataCommands(data, options.dataTimeout());
    idle = reactor.callLater(options.idleTimeout(), this::idleTimedOut);
    reply(220, options.greeting());
  }

  @Override
  public void connectionLost(Failure reason) {
    if (idle != null && idle.active()) {
      idle.cancel();
    }
    if (transfer != null) {
      transfer.abort("control connection closed");
    }
    if (data != null) {
      data.close();
    }
    logout();
    if (counted) {
      owner.connectionClosed();
    }
  }

  @Override
  public void lineLengthExceeded(byte[] line) {
    reply(500, "Command line too long");
    transport.loseConnection();
  }

  @Override
  public void lineReceived(byte[] line) {
    if (transport.isDisconnecting()) {
      return;
    }
    if (idle != null && idle.active()) {
      idle.reset(options.idleTimeout());
    }
    FTPCommand cmd;
    try {
      cmd = FTPCommand.parse(line);
    } catch (MalformedCommand e) {
      reply(500, "Syntax error: " + e.getMessage());
      return;
    }
    if (transfer != null && !DURING_TRANSFER.contains(cmd.verb())) {
      waiting.add(line);
      if (waiting.size() >= MAX_QUEUED_DURING_TRANSFER) {
        pauseProducing();
      }
      return;
    }
    dispatch(cmd);
  }

  private void idleTimedOut() {
    if (transfer != null) {
      idle = reactor.callLater(options.idleTimeout(), this::idleTimedOut); // a transfer is not idle
      return;
    }
    reply(421, "Idle timeout (" + (long) options.idleTimeout() + " seconds): closing control connection");
    transport.loseConnection();
  }

  // ---- dispatch ---------------------------------------------------------------------------

  private void dispatch(FTPCommand cmd) {
    String verb = cmd.verb();
    String arg = cmd.argument();
    if (login == null && !BEFORE_LOGIN.contains(verb)) {
      reply(530, "Please login with USER and PASS");
      return;
    }
    if (!verb.equals("REST") && !verb.equals("RETR") && !verb.equals("STOR") && !verb.equals("APPE")) {
      restart = 0;
    }
    if (renameFrom != null && !verb.equals("RNTO")) {
      renameFrom = null;
    }
    switch (verb) {
      case "USER" -> user(arg);
      case "PASS" -> pass(arg);
      case "QUIT" -> quit();
      case "NOOP" -> reply(200, "NOOP ok");
      case "SYST" -> reply(215, "UNIX Type: L8");
      case "FEAT" -> feat();
      case "OPTS" -> opts(arg);
      case "HELP" -> reply(214, "Commands: USER PASS QUIT NOOP SYST FEAT OPTS AUTH PBSZ PROT PWD CWD CDUP"
          + " TYPE MODE STRU PASV EPSV PORT EPRT REST RETR STOR APPE LIST NLST MLSD MLST SIZE MDTM"
          + " DELE MKD RMD RNFR RNTO ABOR STAT ALLO");
      case "ACCT" -> reply(202, "ACCT not needed");
      case "AUTH" -> auth(arg);
      case "PBSZ" -> pbsz(arg);
      case "PROT" -> prot(arg);
      case "PWD", "XPWD" -> reply(257, quote(RootedFileSystem.virtual(cwd)) + " is the current directory");
      case "CWD", "XCWD" -> cwd(arg);
      case "CDUP", "XCUP" -> cwd("..");
      case "TYPE" -> type(arg);
      case "MODE" -> reply(arg.equalsIgnoreCase("S") ? 200 : 504, arg.equalsIgnoreCase("S")
          ? "Mode S ok" : "Only stream mode (S)");
      case "STRU" -> reply(arg.equalsIgnoreCase("F") ? 200 : 504, arg.equalsIgnoreCase("F")
          ? "Structure F ok" : "Only file structure (F)");
      case "ALLO" -> reply(202, "No storage allocation necessary");
      case "PASV" -> sendReplyText(dataCommands.pasv(localHost(), false));
      case "EPSV" -> sendReplyText(dataCommands.epsv(localHost(), arg));
      case "PORT" -> sendReplyText(dataCommands.port(arg, false, DataChannel.host(transport.getPeer())));
      case "EPRT" -> sendReplyText(dataCommands.port(arg, true, DataChannel.host(transport.getPeer())));
      case "REST" -> rest(arg);
      case "RETR" -> retrieve(arg);
      case "STOR" -> store(arg, false);
      case "APPE" -> store(arg, true);
      case "LIST" -> list(arg, FileCommands.Listing.LIST);
      case "NLST" -> list(arg, FileCommands.Listing.NLST);
      case "MLSD" -> list(arg, FileCommands.Listing.MLSD);
      case "MLST" -> onDisk(() -> "250-Listing\r\n " + files.mlst(path(arg), writable()) + "\r\n250 End");
      case "SIZE" -> onDisk(() -> "213 " + files.size(path(arg)));
      case "MDTM" -> onDisk(() -> "213 " + files.mdtm(path(arg)));
      case "DELE" -> write(() -> {
        files.dele(path(arg));
        return "250 Deleted " + RootedFileSystem.virtual(path(arg));
      });
      case "MKD", "XMKD" -> write(() -> {
        files.mkd(path(arg));
        return "257 " + quote(RootedFileSystem.virtual(path(arg))) + " created";
      });
      case "RMD", "XRMD" -> write(() -> {
        files.rmd(path(arg));
        return "250 Removed " + RootedFileSystem.virtual(path(arg));
      });
      case "RNFR" -> renameFrom(arg);
      case "RNTO" -> renameTo(arg);
      case "ABOR" -> abort();
      case "STAT" -> stat(arg);
      case "STOU", "SITE", "SMNT", "REIN", "CCC" -> reply(502, verb + " not implemented");
      default -> reply(500, "Unknown command");
    }
  }

  // ---- login and TLS ------------------------------------------------------------------------

  private void user(String name) {
    if (name.isEmpty()) {
      reply(501, "USER needs a name");
      return;
    }
    if (options.requireTLS() && !(transport instanceof TLSTransport)) {
      reply(530, "Log in after AUTH TLS: this server does not take passwords in the clear");
      return;
    }
    logout();
    user = name;
    if (ANONYMOUS_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      reply(331, "Guest login ok, send your email address as password");
    } else {
      reply(331, "Password required for " + name);
    }
  }

  private void pass(String password) {
    if (user == null) {
      reply(503, "Login with USER first");
      return;
    }
    if (login != null) {
      reply(230, "Already logged in");
      return;
    }
    String name = user;
    Credentials creds = ANONYMOUS_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))
        ? Anonymous.INSTANCE : new UsernamePassword(name, password);
    busy = true;
    pauseProducing();
    Deferred<Login<FTPShell>> d;
    try {
      d = options.portal().login(creds, transport.getPeer(), this, FTPShell.class);
    } catch (RuntimeException e) {
      d = Deferred.fail(e);
    }
    d.addCallbacks(ok -> {
      if (!connected) {
        ok.logout().run();
        return null;
      }
      login = ok;
      files = new FileCommands(new RootedFileSystem(ok.avatar().root()));
      cwd = List.of();
      loginFailures = 0;
      reply(230, ok.avatar().writable() ? "User " + name + " logged in" : "Guest login ok, access restrictions apply");
      done();
      return null;
    }, failure -> {
      user = null;
      loginFailures++;
      reply(530, "Login incorrect");
      if (loginFailures >= options.maxLoginFailures()) {
        transport.loseConnection();
      }
      done();
      return null;
    });
  }

  private void logout() {
    Login<FTPShell> l = login;
    login = null;
    files = null;
    if (l != null) {
      l.logout().run();
    }
  }

  private void auth(String mechanism) {
    String m = mechanism.toUpperCase(java.util.Locale.ROOT);
    if (!m.equals("TLS") && !m.equals("TLS-C") && !m.equals("SSL")) {
      reply(504, "AUTH " + mechanism + " not supported; use AUTH TLS");
      return;
    }
    if (options.tls() == null) {
      reply(534, "TLS is not configured on this server");
      return;
    }
    if (transport instanceof TLSTransport) {
      reply(503, "TLS already active");
      return;
    }
    reply(234, "AUTH TLS ok, start the TLS handshake");
    logout(); // RFC 4217 4: the security exchange resets the user state
    user = null;
    TLSOptions tls = options.tls();
    transport.startTLS(tls);
  }

  private void pbsz(String size) {
    if (!(transport instanceof TLSTransport)) {
      reply(503, "PBSZ needs AUTH TLS first");
      return;
    }
    pbsz = true;
    reply(200, "PBSZ=0"); // RFC 4217 8: a streaming protocol protects in no buffers
  }

  private void prot(String level) {
    if (!pbsz) {
      reply(503, "PROT needs PBSZ first");
      return;
    }
    switch (level.toUpperCase(java.util.Locale.ROOT)) {
      case "C" -> {
        protectData = false;
        reply(200, "Protection level set to Clear");
      }
      case "P" -> {
        protectData = true;
        reply(200, "Protection level set to Private");
      }
      case "S", "E" -> reply(536, "PROT " + level + " is not supported; use C or P");
      default -> reply(504, "PROT wants C or P");
    }
  }

  private void feat() {
    StringBuilder b = new StringBuilder("211-Features:\r\n");
    for (String f : FEATURES) {
      b.append(' ').append(f).append("\r\n");
    }
    if (options.tls() != null) {
      b.append(" AUTH TLS\r\n PBSZ\r\n PROT\r\n");
    }
    b.append("211 End");
    sendLine(b.append('\r').toString());
  }

  private void opts(String arg) {
    String upper = arg.toUpperCase(java.util.Locale.ROOT);
    if (upper.equals("UTF8 ON") || upper.equals("UTF8")) {
      reply(200, "Always in UTF8 mode"); // RFC 2640: names are UTF-8 either way
    } else if (upper.startsWith("MLST")) {
      reply(200, "MLST OPTS type;size;modify;perm;");
    } else {
      reply(501, "Option not understood");
    }
  }

  private void quit() {
    if (transfer != null) {
      transfer.abort("QUIT during the transfer");
    }
    reply(221, "Goodbye");
    transport.loseConnection();
  }

  // ---- directories and files ----------------------------------------------------------------

  private List<String> path(String arg) {
    return RootedFileSystem.normalize(RootedFileSystem.virtual(cwd), arg);
  }

  private boolean writable() {
    return login != null && login.avatar().writable();
  }

  private void cwd(String arg) {
    List<String> target = path(arg.isEmpty() ? "/" : arg);
    runOnDisk(() -> files.cwd(target), segs -> {
      cwd = List.copyOf(segs);
      reply(250, "Directory changed to " + RootedFileSystem.virtual(cwd));
    });
  }

  private void renameFrom(String arg) {
    if (!writable()) {
      reply(550, "Permission denied");
      return;
    }
    List<String> from = path(arg);
    runOnDisk(() -> files.renameFrom(from), p -> {
      renameFrom = p;
      reply(350, "Ready for RNTO");
    });
  }

  private void renameTo(String arg) {
    Path from = renameFrom;
    renameFrom = null;
    if (from == null) {
      reply(503, "RNFR first");
      return;
    }
    write(() -> {
      files.renameTo(from, path(arg));
      return "250 Renamed to " + RootedFileSystem.virtual(path(arg));
    });
  }

  private void type(String arg) {
    String t = arg.toUpperCase(java.util.Locale.ROOT).trim();
    switch (t) {
      case "A", "A N" -> {
        ascii = true;
        reply(200, "Type set to A");
      }
      case "I", "L 8" -> {
        ascii = false;
        reply(200, "Type set to I");
      }
      default -> reply(504, "TYPE wants A or I");
    }
  }

  private void rest(String arg) {
    try {
      long n = Long.parseLong(arg.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      restart = n;
      reply(350, "Restarting at " + n + ". Send STOR or RETR");
    } catch (NumberFormatException e) {
      reply(501, "REST wants a byte offset");
    }
  }

  private void stat(String arg) {
    if (transfer != null) {
      reply(213, "Status: " + transfer.bytes() + " bytes transferred");
      return;
    }
    if (!arg.isEmpty()) {
      reply(502, "STAT with a path is not implemented; use LIST");
      return;
    }
    sendLine("211-Torsion FTP server status:\r\n Logged in as " + (login == null ? "nobody" : user)
        + "\r\n TYPE: " + (ascii ? "ASCII" : "BINARY") + "\r\n211 End\r");
  }

  /** A read-only disk command: its reply text comes from the pool. */
  private void onDisk(Callable<String> work) {
    runOnDisk(work, this::sendReplyText);
  }

  /** A disk command that changes the tree: refused to read-only users. */
  private void write(Callable<String> work) {
    if (!writable()) {
      reply(550, "Permission denied");
      return;
    }
    onDisk(work);
  }

  private void sendReplyText(String text) {
    sendLine(text + "\r");
  }

  /** Runs {@code work} on the pool with reading paused, then {@code then} on the reactor. */
  private <T> void runOnDisk(Callable<T> work, java.util.function.Consumer<T> then) {
    busy = true;
    pauseProducing();
    Threads.deferToThread(reactor, work).addCallbacks(result -> {
      if (connected) {
        then.accept(result);
      }
      done();
      return null;
    }, failure -> {
      if (connected) {
        replyError(failure.value());
      }
      done();
      return null;
    });
  }

  /** The 4xx/5xx reply for a failed disk operation; never the real path. */
  private void replyError(Throwable e) {
    sendReplyText(DiskErrors.reply(e));
  }

  /** A disk command finished: deliver the lines that waited for it. */
  private void done() {
    busy = false;
    deliverWaiting();
  }

  // ---- data connections ---------------------------------------------------------------------

  private boolean dataReady() {
    if (options.requireTLS() && !protectData) {
      reply(521, "Data connections must be protected: PBSZ 0, then PROT P");
      return false;
    }
    if (!data.isReady()) {
      reply(425, "Use PORT, PASV, EPRT or EPSV first");
      return false;
    }
    return true;
  }

  private void retrieve(String arg) {
    long offset = restart;
    restart = 0;
    if (!dataReady()) {
      return;
    }
    List<String> target = path(arg);
    runOnDisk(() -> files.openForRead(target, offset), opened -> {
      if (offset > opened.size()) {
        closeQuietly(opened);
        reply(554, "REST " + offset + " is past the end of the file (" + opened.size() + ")");
        return;
      }
      String name = RootedFileSystem.virtual(target);
      start(new Transfer(reactor, options.dataTimeout()).download(opened, offset, ascii),
          "Opening " + mode() + " mode data connection for " + name + " (" + (opened.size() - offset) + " bytes)");
    });
  }

  private void store(String arg, boolean append) {
    long offset = restart;
    restart = 0;
    if (!writable()) {
      reply(550, "Permission denied");
      return;
    }
    if (!dataReady()) {
      return;
    }
    List<String> target = path(arg);
    runOnDisk(() -> files.openForWrite(target, offset, append), opened -> start(
        new Transfer(reactor, options.dataTimeout()).upload(opened, ascii),
        "Opening " + mode() + " mode data connection for " + RootedFileSystem.virtual(target)));
  }

  private void list(String arg, FileCommands.Listing kind) {
    if (!dataReady()) {
      return;
    }
    // LIST -la dir: ls options are not paths (RFC 959 leaves the argument to the server)
    String p = arg.trim();
    while (p.startsWith("-")) {
      int sp = p.indexOf(' ');
      p = sp < 0 ? "" : p.substring(sp + 1).trim();
    }
    List<String> target = path(p);
    boolean w = writable();
    int max = options.maxListEntries();
    runOnDisk(() -> files.listing(target, kind, w, max), bytes -> start(
        new Transfer(reactor, options.dataTimeout()).send(bytes),
        "Here comes the directory listing"));
  }

  private String localHost() {
    return DataChannel.host(transport.getHost());
  }

  private String mode() {
    return ascii ? "ASCII" : "BINARY";
  }

  private static void closeQuietly(FileCommands.Opened opened) {
    try {
      opened.channel().close();
    } catch (IOException ignored) {
      // read-only
    }
  }

  /** Sends 150, waits for the data connection and runs {@code t}; 226 or an error at the end. */
  private void start(Transfer t, String preliminary) {
    transfer = t;
    reply(150, preliminary);
    t.run(data).addBoth(outcome -> {
      if (transfer == t) {
        transfer = null;
      }
      if (connected && !transport.isDisconnecting()) {
        if (outcome instanceof Failure f) {
          Throwable e = f.value();
          if (e instanceof Transfer.NoConnection) {
            reply(425, "Cannot open data connection");
          } else if (e instanceof Transfer.Aborted a) {
            reply(426, "Connection closed; transfer aborted (" + a.getMessage() + ")");
            if (a.byAbor()) {
              reply(226, "ABOR successful");
            }
          } else {
            reply(451, "Transfer failed: local error");
          }
        } else {
          reply(226, "Transfer complete");
        }
        deliverWaiting();
      }
      return null;
    });
  }

  private void abort() {
    if (transfer == null) {
      data.close();
      reply(226, "ABOR successful; no transfer in progress");
      return;
    }
    transfer.abor();
  }

  private void deliverWaiting() {
    while (!waiting.isEmpty() && transfer == null && !busy && connected && !transport.isDisconnecting()) {
      lineReceived(waiting.poll());
    }
    if (waiting.isEmpty() && !busy && connected && !transport.isDisconnecting()) {
      resumeProducing();
    }
  }

  /** RFC 959 appendix II: a quote inside a quoted path is doubled. */
  private static String quote(String path) {
    return "\"" + path.replace("\"", "\"\"") + "\"";
  }

  void reply(int code, String text) {
    sendLine(code + " " + text + "\r");
  }
}
