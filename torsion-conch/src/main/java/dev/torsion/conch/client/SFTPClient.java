package dev.torsion.conch.client;

import dev.torsion.conch.sftp.internal.SFTP;
import dev.torsion.conch.sftp.internal.SFTPFramer;
import dev.torsion.conch.ssh.internal.ClientSessionChannel;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.internet.Deferred;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An SFTP version 3 session, from {@link SSHConnection#sftp}: whole-file reads and writes (with
 * up to {@link #PIPELINE} requests in flight), listings, mkdir, remove. Twisted's {@code
 * FileTransferClient}. Failures carry the server's status message as an {@link IOException}.
 *
 * <pre>{@code
 * sftp.writeFile("/upload/report.csv", bytes)
 *     .addCallback(v -> sftp.readFile("/upload/report.csv"))
 *     .addCallback(back -> Arrays.equals(back, bytes));
 * }</pre>
 */
public final class SFTPClient {
  /** Requests outstanding at once during a transfer. */
  public static final int PIPELINE = 32;
  static final int CHUNK = 32 * 1024;
  /** The largest file {@link #readFile} collects. */
  public static final long MAX_READ_FILE = 1L << 30;

  private final SFTPFramer framer = new SFTPFramer(SFTP.MAX_PACKET + 1024);
  private final Map<Long, Deferred<byte[]>> pending = new HashMap<>();
  private ClientSessionChannel channel;
  private Deferred<SFTPClient> started;
  private long nextId;
  private boolean closed;

  SFTPClient() {}

  ClientSessionChannel.Listener listener() {
    return new ClientSessionChannel.Listener() {
      @Override
      public void dataReceived(ClientSessionChannel c, int type, byte[] data) {
        if (type == 0) {
          received(data);
        }
      }

      @Override
      public void closed(ClientSessionChannel c) {
        lost(new IOException("the SFTP channel closed"));
      }
    };
  }

  Deferred<SFTPClient> start(ClientSessionChannel c) {
    channel = c;
    started = new Deferred<>();
    send(new SSHWriter().writeByte(SFTP.INIT).writeUint32(SFTP.VERSION).toByteArray());
    return started;
  }

  private void send(byte[] body) {
    channel.write(new SSHWriter(body.length + 4).writeString(body).toByteArray());
  }

  private void received(byte[] data) {
    try {
      framer.feed(data);
      for (byte[] body; (body = framer.next()) != null; ) {
        SSHReader r = new SSHReader(body);
        int type = r.readByte();
        if (type == SFTP.VERSION_REPLY) {
          if (started != null && !started.called()) {
            started.callback(this);
          }
          continue;
        }
        long id = r.readUint32();
        Deferred<byte[]> d = pending.remove(id);
        if (d != null) {
          d.callback(body);
        }
      }
    } catch (SSHProtocolError e) {
      channel.close();
      lost(new IOException("SFTP: " + e.getMessage()));
    }
  }

  private void lost(IOException why) {
    closed = true;
    if (started != null && !started.called()) {
      started.errback(why);
    }
    for (Deferred<byte[]> d : List.copyOf(pending.values())) {
      d.errback(why);
    }
    pending.clear();
  }

  /** Sends a request (type, then our id, then {@code fields}); fires with the reply's body. */
  private Deferred<byte[]> request(int type, byte[] fields) {
    Deferred<byte[]> d = new Deferred<>();
    if (closed) {
      d.errback(new IOException("the SFTP session is closed"));
      return d;
    }
    long id = nextId++ & 0xffffffffL;
    pending.put(id, d);
    send(new SSHWriter(fields.length + 16).writeByte(type).writeUint32(id).writeRaw(fields)
        .toByteArray());
    return d;
  }

  /** The reply as {@code expected}, or the IOException its STATUS says. */
  private static SSHReader expect(byte[] reply, int expected, String what) throws IOException {
    SSHReader r = new SSHReader(reply);
    int type = r.readByte();
    r.readUint32();
    if (type == expected) {
      return r;
    }
    if (type == SFTP.STATUS) {
      long code = r.readUint32();
      String message = r.readUtf8();
      if (code == SFTP.OK && expected == SFTP.STATUS) {
        return r;
      }
      throw new IOException(what + ": " + message + " (SFTP status " + code + ")");
    }
    throw new IOException(what + ": unexpected reply " + type);
  }

  private static boolean isEof(byte[] reply) {
    SSHReader r = new SSHReader(reply);
    if (r.readByte() != SFTP.STATUS) {
      return false;
    }
    r.readUint32();
    return r.readUint32() == SFTP.EOF;
  }

  private Deferred<byte[]> open(String path, int flags) {
    return request(SFTP.OPEN, new SSHWriter().writeString(path).writeUint32(flags)
        .writeUint32(0).toByteArray())
        .addCallback(reply -> expect(reply, SFTP.HANDLE, path).readString());
  }

  private Deferred<Void> closeHandle(byte[] handle, String path) {
    return request(SFTP.CLOSE, new SSHWriter().writeString(handle).toByteArray())
        .addCallback(reply -> {
          expect(reply, SFTP.STATUS, path);
          return null;
        });
  }

  /** The whole content of {@code path}. */
  public Deferred<byte[]> readFile(String path) {
    return open(path, SFTP.FXF_READ).addDeferredCallback(handle -> {
      Deferred<byte[]> done = new Deferred<>();
      new Reader(path, handle, done).fill();
      return done;
    });
  }

  /** Keeps up to PIPELINE READs in flight; the file ends at the first EOF or short read. */
  private final class Reader {
    final String path;
    final byte[] handle;
    final Deferred<byte[]> done;
    final Map<Long, byte[]> chunks = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    long nextOffset;
    long written;
    int inFlight;
    boolean ended;
    Throwable error;

    Reader(String path, byte[] handle, Deferred<byte[]> done) {
      this.path = path;
      this.handle = handle;
      this.done = done;
    }

    void fill() {
      while (!ended && error == null && inFlight < PIPELINE) {
        long offset = nextOffset;
        nextOffset += CHUNK;
        inFlight++;
        request(SFTP.READ, new SSHWriter().writeString(handle).writeUint64(offset)
            .writeUint32(CHUNK).toByteArray()).addCallbacks(reply -> {
              inFlight--;
              if (isEof(reply)) {
                ended = true;
              } else {
                byte[] data = expect(reply, SFTP.DATA, path).readString();
                chunks.put(offset, data);
                if (data.length < CHUNK) {
                  ended = true; // a short read: the end, on servers that read whole chunks
                }
              }
              drain();
              return null;
            }, failure -> {
              inFlight--;
              error = failure.value();
              drain();
              return null;
            });
      }
    }

    void drain() {
      for (byte[] c; (c = chunks.remove(written)) != null; ) {
        out.writeBytes(c);
        written += CHUNK;
        if (c.length < CHUNK) {
          ended = true;
        }
      }
      if (out.size() > MAX_READ_FILE) {
        error = new IOException(path + ": larger than " + MAX_READ_FILE + " bytes");
      }
      if (inFlight == 0 && (ended || error != null)) {
        closeHandle(handle, path).addBoth(r -> {
          if (error != null) {
            done.errback(error);
          } else {
            done.callback(out.toByteArray());
          }
          return null;
        });
      } else {
        fill();
      }
    }
  }

  /** Creates or truncates {@code path} and writes {@code data} to it. */
  public Deferred<Void> writeFile(String path, byte[] data) {
    return open(path, SFTP.FXF_WRITE | SFTP.FXF_CREAT | SFTP.FXF_TRUNC)
        .addDeferredCallback(handle -> {
          Deferred<Void> done = new Deferred<>();
          new Writer(path, handle, data, done).fill();
          return done;
        });
  }

  private final class Writer {
    final String path;
    final byte[] handle;
    final byte[] data;
    final Deferred<Void> done;
    int offset;
    int inFlight;
    Throwable error;

    Writer(String path, byte[] handle, byte[] data, Deferred<Void> done) {
      this.path = path;
      this.handle = handle;
      this.data = data;
      this.done = done;
    }

    void fill() {
      while (error == null && offset < data.length && inFlight < PIPELINE) {
        int n = Math.min(CHUNK, data.length - offset);
        SSHWriter w = new SSHWriter(n + 64).writeString(handle).writeUint64(offset)
            .writeString(data, offset, n);
        offset += n;
        inFlight++;
        request(SFTP.WRITE, w.toByteArray()).addCallbacks(reply -> {
          inFlight--;
          expect(reply, SFTP.STATUS, path);
          fill();
          return null;
        }, failure -> {
          inFlight--;
          error = failure.value();
          fill();
          return null;
        });
      }
      if (inFlight == 0 && (error != null || offset >= data.length)) {
        inFlight = -1; // only once
        closeHandle(handle, path).addBoth(r -> {
          if (error != null) {
            done.errback(error);
          } else if (r instanceof dev.torsion.internet.Failure f) {
            done.errback(f.value());
          } else {
            done.callback(null);
          }
          return null;
        });
      }
    }
  }

  /** The names in directory {@code path} (without "." and ".."). */
  public Deferred<List<String>> list(String path) {
    return request(SFTP.OPENDIR, new SSHWriter().writeString(path).toByteArray())
        .addCallback(reply -> expect(reply, SFTP.HANDLE, path).readString())
        .addDeferredCallback(handle -> {
          List<String> names = new ArrayList<>();
          Deferred<List<String>> done = new Deferred<>();
          readDir(path, handle, names, done);
          return done;
        });
  }

  private void readDir(String path, byte[] handle, List<String> names, Deferred<List<String>> done) {
    request(SFTP.READDIR, new SSHWriter().writeString(handle).toByteArray()).addCallbacks(reply -> {
      if (isEof(reply)) {
        closeHandle(handle, path).addBoth(r -> {
          done.callback(names);
          return null;
        });
        return null;
      }
      SSHReader r = expect(reply, SFTP.NAME, path);
      long n = r.readUint32();
      for (long i = 0; i < n; i++) {
        String name = r.readUtf8();
        r.readString();
        dev.torsion.conch.sftp.internal.FileAttributes.read(r);
        if (!name.equals(".") && !name.equals("..")) {
          names.add(name);
        }
      }
      readDir(path, handle, names, done);
      return null;
    }, failure -> {
      done.errback(failure.value());
      return null;
    });
  }

  /** The size of {@code path} in bytes (STAT). */
  public Deferred<Long> size(String path) {
    return request(SFTP.STAT, new SSHWriter().writeString(path).toByteArray())
        .addCallback(reply -> {
          Long size = dev.torsion.conch.sftp.internal.FileAttributes.read(
              expect(reply, SFTP.ATTRS, path)).size();
          if (size == null) {
            throw new IOException(path + ": the server sent no size");
          }
          return size;
        });
  }

  public Deferred<Void> mkdir(String path) {
    return simple(SFTP.MKDIR, new SSHWriter().writeString(path).writeUint32(0).toByteArray(), path);
  }

  public Deferred<Void> remove(String path) {
    return simple(SFTP.REMOVE, new SSHWriter().writeString(path).toByteArray(), path);
  }

  private Deferred<Void> simple(int type, byte[] fields, String path) {
    return request(type, fields).addCallback(reply -> {
      expect(reply, SFTP.STATUS, path);
      return null;
    });
  }

  /** Ends the SFTP session (closes its channel). */
  public void close() {
    closed = true;
    channel.close();
  }
}
