package dev.torsion.ftp;

import dev.torsion.ftp.internal.DataChannel;
import dev.torsion.ftp.internal.DataConnection;
import dev.torsion.ftp.internal.FileCommands;
import dev.torsion.ftp.internal.FileSink;
import dev.torsion.ftp.internal.FileSource;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import java.io.IOException;

/**
 * One transfer on a data connection, from the 150 to the 226: a file down (RETR), a file up
 * (STOR, APPE) or a listing down. It fires with the byte count when the data connection has
 * closed cleanly and, for uploads, the file is on disk; it fails with {@link NoConnection} (425),
 * {@link Aborted} (426) or an IOException (451).
 *
 * <p>The transfer timeout is an idle timeout: it restarts with every chunk, so a large file on
 * a slow link is fine and only a stalled one is cut off.
 */
final class Transfer {
  /** No data connection came (or could be made) in time. */
  static final class NoConnection extends Exception {
    NoConnection(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The data connection broke, stalled, or the client sent ABOR. */
  static final class Aborted extends Exception {
    private final boolean byAbor;

    Aborted(String message, boolean byAbor) {
      super(message);
      this.byAbor = byAbor;
    }

    boolean byAbor() {
      return byAbor;
    }
  }

  private enum Kind { DOWNLOAD, UPLOAD, LISTING }

  private final Reactor reactor;
  private final double timeout;
  private final Deferred<Long> result = new Deferred<>();
  private Kind kind;
  private FileCommands.Opened opened;
  private long offset;
  private boolean ascii;
  private byte[] listing;
  private DataChannel data;
  private DataConnection connection;
  private DelayedCall stall;
  private long bytes;
  private String abortReason;
  private boolean byAbor;

  Transfer(Reactor reactor, double timeout) {
    this.reactor = reactor;
    this.timeout = timeout;
  }

  Transfer download(FileCommands.Opened file, long from, boolean asciiMode) {
    kind = Kind.DOWNLOAD;
    opened = file;
    offset = from;
    ascii = asciiMode;
    return this;
  }

  Transfer upload(FileCommands.Opened file, boolean asciiMode) {
    kind = Kind.UPLOAD;
    opened = file;
    offset = file.size();
    ascii = asciiMode;
    return this;
  }

  Transfer send(byte[] bytesToSend) {
    kind = Kind.LISTING;
    listing = bytesToSend;
    return this;
  }

  long bytes() {
    return bytes;
  }

  /** Gets the data connection from {@code channel} (TLS already decided there) and moves the data. */
  Deferred<Long> run(DataChannel channel) {
    data = channel;
    channel.connection(timeout).addCallbacks(conn -> {
      if (result.called()) {
        conn.transport().abortConnection();
        return null;
      }
      connection = conn;
      stall = reactor.callLater(timeout, () -> kill("no progress for " + (long) timeout + " seconds", false));
      conn.lost().addCallback(reason -> {
        channel.finished(conn);
        return reason; // the transfer's own callbacks below need it too
      });
      switch (kind) {
        case DOWNLOAD -> download(conn);
        case UPLOAD -> upload(conn);
        case LISTING -> listing(conn);
      }
      return null;
    }, failure -> {
      closeFile();
      fail(abortReason != null ? new Aborted(abortReason, byAbor) : new NoConnection(failure.value()));
      return null;
    });
    return result;
  }

  /** ABOR: cut the data connection; the 426 and 226 follow. */
  void abor() {
    if (connection == null) {
      abortReason = "ABOR before the data connection";
      byAbor = true;
      data.close();
      closeFile();
      fail(new Aborted("ABOR before the data connection", true));
      return;
    }
    kill("ABOR", true);
  }

  /** The control connection went away, or QUIT: cut everything. */
  void abort(String why) {
    if (connection == null) {
      abortReason = why;
      data.close();
      closeFile();
      fail(new Aborted(why, false));
      return;
    }
    kill(why, false);
  }

  private void kill(String why, boolean abor) {
    if (abortReason == null) {
      abortReason = why;
      byAbor = abor;
    }
    if (connection != null && connection.transport() != null) {
      connection.transport().abortConnection();
    }
  }

  private void progress(int n) {
    bytes += n;
    if (stall != null && stall.active()) {
      stall.reset(timeout);
    }
  }

  private void download(DataConnection conn) {
    FileSource source = new FileSource(reactor, opened.channel(), offset, ascii, this::progress);
    source.beginTransfer(conn.transport()).addCallbacks(sent -> {
      conn.transport().loseConnection();
      return null;
    }, failure -> {
      kill(abortReason != null ? abortReason : "read failed", byAbor);
      return null;
    });
    conn.lost().addCallback(reason -> {
      finished(reason, bytes);
      return null;
    });
  }

  private void listing(DataConnection conn) {
    progress(listing.length);
    conn.transport().write(listing);
    conn.transport().loseConnection();
    conn.lost().addCallback(reason -> {
      finished(reason, bytes);
      return null;
    });
  }

  private void upload(DataConnection conn) {
    FileSink sink = new FileSink(reactor, opened.channel(), offset, ascii, conn.transport());
    conn.receive(chunk -> {
      progress(chunk.length);
      sink.write(chunk);
    });
    conn.lost().addCallback(reason -> {
      if (abortReason == null && (conn.peerFinished() || reason instanceof ConnectionDone)) {
        sink.end();
        sink.done().addCallbacks(n -> {
          succeed(n);
          return null;
        }, f -> {
          fail(f.value());
          return null;
        });
      } else {
        sink.abort(new IOException("aborted"));
        sink.done().addBoth(ignored -> {
          fail(new Aborted(abortReason != null ? abortReason : "the data connection broke: " + reason, byAbor));
          return null;
        });
      }
      return null;
    });
  }

  private void finished(Throwable reason, long n) {
    if (abortReason == null && reason instanceof ConnectionDone) {
      succeed(n);
    } else {
      fail(new Aborted(abortReason != null ? abortReason : "the data connection broke: " + reason, byAbor));
    }
  }

  private void succeed(long n) {
    cancelStall();
    if (!result.called()) {
      result.callback(n);
    }
  }

  private void fail(Throwable e) {
    cancelStall();
    if (!result.called()) {
      result.errback(e);
    }
  }

  private void cancelStall() {
    if (stall != null && stall.active()) {
      stall.cancel();
    }
  }

  private void closeFile() {
    if (opened != null) {
      try {
        opened.channel().close();
      } catch (IOException ignored) {
        // nothing written yet
      }
    }
  }
}
