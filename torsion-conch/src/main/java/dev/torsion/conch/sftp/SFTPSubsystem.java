package dev.torsion.conch.sftp;

import dev.torsion.conch.sftp.internal.ConfinedPaths;
import dev.torsion.conch.sftp.internal.SFTP;
import dev.torsion.conch.sftp.internal.SFTPFileSystem;
import dev.torsion.conch.sftp.internal.SFTPFramer;
import dev.torsion.conch.sftp.internal.SFTPRequest;
import dev.torsion.conch.ssh.SSHSession;
import dev.torsion.conch.ssh.SessionChannel;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The "sftp" subsystem (SFTP version 3) on a session channel, confined to a root directory:
 * Twisted's {@code FileTransferServer} over an {@code SFTPServerForUnixConchUser}, minus the
 * escape routes. Requests are parsed on the reactor thread and carried out in order on the
 * reactor's thread pool (the disk blocks), a batch at a time; replies go back on the reactor.
 *
 * <pre>{@code
 * public boolean subsystemRequested(SessionChannel channel, String name) {
 *   return name.equals("sftp") && SFTPSubsystem.open(reactor, root, channel) != null;
 * }
 * }</pre>
 *
 * <p>Bounded: at most {@link #MAX_PENDING} requests wait; while more than {@link #HIGH_WATER}
 * bytes of replies wait for the client's window, no new request is started.
 */
public final class SFTPSubsystem implements SSHSession {
  /** Requests received and not yet answered; a client that pipelines more is cut off. */
  public static final int MAX_PENDING = 256;
  /** Reply bytes queued on the channel above which request handling waits. */
  public static final long HIGH_WATER = 4L * 1024 * 1024;

  private final Reactor reactor;
  private final SessionChannel channel;
  private final SFTPFileSystem files;
  private final SFTPFramer framer = new SFTPFramer();
  private final Deque<SFTPRequest> pending = new ArrayDeque<>();
  private boolean initialised;
  private boolean working;
  private boolean closed;
  private boolean eof;

  private SFTPSubsystem(Reactor reactor, SessionChannel channel, SFTPFileSystem files) {
    this.reactor = reactor;
    this.channel = channel;
    this.files = files;
  }

  /** An SFTP server for {@code channel} confined to {@code root}, or null if root is unusable. */
  public static SFTPSubsystem open(Reactor reactor, Path root, SessionChannel channel) {
    try {
      return new SFTPSubsystem(reactor, channel, new SFTPFileSystem(new ConfinedPaths(root)));
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public boolean execCommand(SessionChannel channel, String command) {
    return false;
  }

  @Override
  public boolean openShell(SessionChannel channel) {
    return false;
  }

  @Override
  public void dataReceived(byte[] data) {
    if (closed) {
      return;
    }
    try {
      framer.feed(data);
      for (byte[] body; (body = framer.next()) != null; ) {
        SFTPRequest q = SFTPRequest.parse(body);
        if (!initialised) {
          // draft 02, 4: the client's first packet is INIT; we answer VERSION 3.
          if (q.type() != SFTP.INIT) {
            throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "SFTP: no INIT");
          }
          initialised = true;
          send(new SSHWriter().writeByte(SFTP.VERSION_REPLY).writeUint32(SFTP.VERSION)
              .toByteArray());
          continue;
        }
        if (pending.size() >= MAX_PENDING) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "SFTP: too many requests");
        }
        pending.add(q);
      }
    } catch (SSHProtocolError e) {
      shutDown();
      return;
    }
    work();
  }

  private void send(byte[] body) {
    byte[] packet = new SSHWriter(body.length + 4).writeString(body).toByteArray();
    channel.write(packet);
  }

  /** Starts the next batch on the pool unless one runs, or replies are piling up. */
  private void work() {
    if (working || closed || pending.isEmpty()) {
      return;
    }
    if (channel.queuedBytes() > HIGH_WATER) {
      return; // channelWritable() calls again as the client's window opens
    }
    List<SFTPRequest> batch = new ArrayList<>(pending);
    pending.clear();
    working = true;
    Threads.deferToThread(reactor, () -> {
      List<byte[]> replies = new ArrayList<>(batch.size());
      for (SFTPRequest q : batch) {
        replies.add(files.handle(q));
      }
      return replies;
    }).addCallbacks(replies -> {
      working = false;
      if (closed) {
        closeFiles();
        return null;
      }
      for (byte[] r : replies) {
        send(r);
      }
      if (eof && pending.isEmpty()) {
        shutDown();
      } else {
        work();
      }
      return null;
    }, failure -> {
      working = false;
      shutDown();
      return null;
    });
  }

  @Override
  public void channelWritable() {
    work();
  }

  @Override
  public void eofReceived() {
    eof = true;
    if (!working && pending.isEmpty()) {
      shutDown();
    }
  }

  /** Ends the subsystem: exit-status 0, and the files closed once no batch runs. */
  private void shutDown() {
    if (!closed) {
      closed = true;
      if (!working) {
        closeFiles();
      }
      channel.exit(0);
    }
  }

  private void closeFiles() {
    Threads.deferToThread(reactor, () -> {
      files.close();
      return null;
    });
  }

  @Override
  public void closed() {
    if (!closed) {
      closed = true;
      if (!working) {
        closeFiles();
      }
    }
  }
}
