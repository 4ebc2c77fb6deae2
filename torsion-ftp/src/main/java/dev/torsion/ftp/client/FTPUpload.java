package dev.torsion.ftp.client;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Transport;

/**
 * The consumer end of an upload started by {@link FTPClient#storeFile}: what Twisted's
 * {@code storeFile} gives as its first Deferred. Once {@link #whenReady} fires, write to it or
 * register a producer (it pauses the producer when the data connection's buffer fills), then
 * call {@link #finish}; {@link #done} fires with the server's 226.
 *
 * <pre>{@code
 * FTPUpload up = client.storeFile("incoming/big.iso", 0, false);
 * up.whenReady().addCallback(c -> new FileSender().beginFileTransfer(Path.of("big.iso"), c)
 *     .addCallback(sent -> { c.finish(); return null; }));
 * up.done().addCallback(reply -> { System.out.println(reply); return null; });
 * }</pre>
 */
public final class FTPUpload implements ByteConsumer {
  private final Deferred<FTPUpload> ready = new Deferred<>();
  private Deferred<FTPReply> done;
  private Transport transport;

  FTPUpload() {}

  /** Fires with this consumer once the data connection is up. */
  public Deferred<FTPUpload> whenReady() {
    return ready;
  }

  /** Fires with the final reply once the server has the whole file. */
  public Deferred<FTPReply> done() {
    return done;
  }

  @Override
  public void write(byte[] data) {
    requireConnected().write(data);
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    requireConnected().registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    requireConnected().unregisterProducer();
  }

  /** The end of the file: closes the data connection once what was written has been sent. */
  public void finish() {
    requireConnected().loseConnection();
  }

  private Transport requireConnected() {
    if (transport == null) {
      throw new IllegalStateException("the data connection is not up yet: wait for whenReady()");
    }
    return transport;
  }

  void connected(Transport t) {
    transport = t;
    ready.callback(this);
  }

  void failed(Throwable e) {
    if (!ready.called()) {
      ready.errback(e);
    }
  }

  void setDone(Deferred<FTPReply> d) {
    done = d;
  }
}
