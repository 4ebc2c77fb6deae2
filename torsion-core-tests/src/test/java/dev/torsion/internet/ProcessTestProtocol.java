package dev.torsion.internet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A ProcessProtocol for tests that records every event, and lets a test wait for processEnded. */
class ProcessTestProtocol extends ProcessProtocol {
  final List<String> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<ProcessExit> exited = new CompletableFuture<>();
  final CompletableFuture<ProcessExit> ended = new CompletableFuture<>();
  final CompletableFuture<Void> made = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  volatile Thread eventThread;

  @Override
  public void connectionMade() {
    events.add("connectionMade");
    made.complete(null);
  }

  @Override
  public void outReceived(byte[] data) {
    eventThread = Thread.currentThread();
    synchronized (out) {
      out.writeBytes(data);
    }
  }

  @Override
  public void errReceived(byte[] data) {
    synchronized (err) {
      err.writeBytes(data);
    }
  }

  @Override
  public void inConnectionLost() {
    events.add("inConnectionLost");
  }

  @Override
  public void outConnectionLost() {
    events.add("outConnectionLost");
  }

  @Override
  public void errConnectionLost() {
    events.add("errConnectionLost");
  }

  @Override
  public void processExited(ProcessExit status) {
    events.add("processExited");
    exited.complete(status);
  }

  @Override
  public void processEnded(ProcessExit status) {
    events.add("processEnded");
    ended.complete(status);
  }

  ProcessExit awaitEnded() throws Exception {
    return ended.get(ThreadsTestReactor.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
