package dev.torsion.conch.ssh.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One channel's flow control (RFC 4254 5.2), independent of what the channel carries.
 *
 * <pre>
 *   we send:    at most min(remote window, remote max packet) bytes per CHANNEL_DATA; the rest
 *               waits in {@code queued} until a WINDOW_ADJUST
 *   we receive: the peer may send up to our window; once half of it is used up and handed on,
 *               we grant it back with WINDOW_ADJUST
 * </pre>
 */
public abstract class Channel {
  /** Our receive window and the largest packet we accept. */
  public static final int LOCAL_WINDOW = 2 * 1024 * 1024;
  public static final int LOCAL_MAX_PACKET = 32 * 1024;

  final Connection connection;
  final int localId;
  int remoteId;
  long remoteWindow;
  int remoteMaxPacket;
  long localWindow = LOCAL_WINDOW;
  private long consumed;
  private final Deque<byte[]> queued = new ArrayDeque<>();
  private final Deque<Integer> queuedType = new ArrayDeque<>();
  private long queuedBytes;
  boolean eofSent;
  boolean eofReceived;
  boolean closeSent;
  boolean closeReceived;
  private boolean closeWhenDrained;
  /** While a peer's request is being handled: what we send waits until its reply is out. */
  private java.util.List<byte[]> held;
  private boolean eofWhenDrained;
  /** Queued output above which a registered producer is paused, and below which resumed. */
  static final long HIGH_WATER = 1 << 20;
  static final long LOW_WATER = 256 << 10;
  private dev.torsion.internet.PushProducer producer;
  private boolean producerPaused;

  Channel(Connection connection, int localId) {
    this.connection = connection;
    this.localId = localId;
  }

  /**
   * RFC 4254 5.4: the reply to a request must come before what the request caused (a command
   * that answers and exits at once). Between hold() and release() our messages are kept back.
   */
  void hold() {
    held = new java.util.ArrayList<>();
  }

  void release() {
    java.util.List<byte[]> h = held;
    held = null;
    for (byte[] m : h) {
      connection.send(m);
    }
  }

  private void send(byte[] message) {
    if (held != null) {
      held.add(message);
    } else {
      connection.send(message);
    }
  }

  /** The peer's end: its channel id, window and largest packet (capped at 1 MiB). */
  void setRemote(int id, long window, int maxPacket) {
    remoteId = id;
    remoteWindow = window;
    remoteMaxPacket = (int) Math.max(1, Math.min(maxPacket & 0xffffffffL, 1 << 20));
  }

  /** CHANNEL_OPEN_CONFIRMATION for a channel we opened. */
  void confirmed(int remote, long window, int maxPacket) {
    setRemote(remote, window, maxPacket);
    flush();
  }

  /** CHANNEL_OPEN_FAILURE for a channel we opened ({@link #closed} follows). */
  void openFailed(long reason, String text) {}

  /** CHANNEL_SUCCESS or CHANNEL_FAILURE for a request of ours that wanted a reply. */
  void requestReplied(boolean success) {}

  /** Data from the peer (type 0 plain, 1 stderr). */
  abstract void dataReceived(int type, byte[] data);

  /** CHANNEL_REQUEST: true for success. */
  boolean request(String type, SSHReader r) {
    return false;
  }

  abstract void eofReceived();

  /** Both sides are closed (or the connection went away). */
  abstract void closed();

  /** Called after a window opens, so a paused source may resume. */
  void windowOpened() {}

  void received(int type, byte[] data) {
    if (data.length > localWindow || data.length > LOCAL_MAX_PACKET) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "channel data beyond the window");
    }
    localWindow -= data.length;
    dataReceived(type, data);
  }

  /** The receiver has handed {@code n} bytes on: grant them back when half the window is used. */
  public void consumed(int n) {
    consumed += n;
    if (consumed >= LOCAL_WINDOW / 2 && !closeSent) {
      localWindow += consumed;
      send(new SSHWriter().writeByte(Messages.CHANNEL_WINDOW_ADJUST)
          .writeUint32(remoteId).writeUint32(consumed).toByteArray());
      consumed = 0;
    }
  }

  public void write(int type, byte[] data) {
    if (eofSent || closeSent || data.length == 0) {
      return;
    }
    queued.add(data);
    queuedType.add(type);
    queuedBytes += data.length;
    flush();
    if (producer != null && !producerPaused && queuedBytes > HIGH_WATER) {
      // The peer's window is shut and our queue is past the mark: stop the source, not the heap.
      producerPaused = true;
      producer.pauseProducing();
    }
  }

  /** Paused while more than {@link #HIGH_WATER} bytes wait for window, resumed below LOW_WATER. */
  public void registerProducer(dev.torsion.internet.PushProducer p) {
    producer = p;
    producerPaused = false;
  }

  public long queuedBytes() {
    return queuedBytes;
  }

  void windowAdjust(long n) {
    remoteWindow += n;
    if (remoteWindow > 0xffffffffL) {
      remoteWindow = 0xffffffffL;
    }
    flush();
    if (producer != null && producerPaused && queuedBytes <= LOW_WATER) {
      producerPaused = false;
      producer.resumeProducing();
    }
    windowOpened();
  }

  private void flush() {
    while (!queued.isEmpty() && remoteWindow > 0 && !closeSent && remoteMaxPacket > 0) {
      byte[] head = queued.peek();
      int type = queuedType.peek();
      int n = (int) Math.min(Math.min(remoteWindow, remoteMaxPacket), head.length);
      SSHWriter w = new SSHWriter(n + 16);
      if (type == 0) {
        w.writeByte(Messages.CHANNEL_DATA).writeUint32(remoteId);
      } else {
        w.writeByte(Messages.CHANNEL_EXTENDED_DATA).writeUint32(remoteId).writeUint32(type);
      }
      w.writeString(head, 0, n);
      send(w.toByteArray());
      remoteWindow -= n;
      queuedBytes -= n;
      if (n == head.length) {
        queued.poll();
        queuedType.poll();
      } else {
        queued.poll();
        queued.push(java.util.Arrays.copyOfRange(head, n, head.length));
      }
    }
    if (queued.isEmpty() && closeWhenDrained) {
      closeWhenDrained = false;
      sendEof();
      sendClose();
    } else if (queued.isEmpty() && eofWhenDrained) {
      eofWhenDrained = false;
      sendEof();
    }
  }

  /** A channel request from us (exit-status...), sent in order after queued data. */
  void sendRequestAfterData(byte[] message) {
    // Requests are not subject to the window, but must follow the data they conclude.
    if (queued.isEmpty()) {
      send(message);
    } else {
      pendingRequests.add(message);
    }
  }

  private final Deque<byte[]> pendingRequests = new ArrayDeque<>();

  /** EOF once everything queued has gone out. */
  public void finishWriting() {
    if (queued.isEmpty()) {
      sendEof();
    } else {
      eofWhenDrained = true;
    }
  }

  /** EOF and CLOSE once everything queued has gone out. */
  public void finish() {
    if (queued.isEmpty()) {
      sendEof();
      sendClose();
    } else {
      closeWhenDrained = true;
    }
  }

  void sendEof() {
    while (!pendingRequests.isEmpty()) {
      send(pendingRequests.poll());
    }
    if (!eofSent && !closeSent) {
      eofSent = true;
      send(new SSHWriter().writeByte(Messages.CHANNEL_EOF).writeUint32(remoteId)
          .toByteArray());
    }
  }

  public void sendClose() {
    if (!closeSent) {
      closeSent = true;
      send(new SSHWriter().writeByte(Messages.CHANNEL_CLOSE).writeUint32(remoteId)
          .toByteArray());
      if (closeReceived) {
        connection.forget(this);
      }
    }
  }
}
