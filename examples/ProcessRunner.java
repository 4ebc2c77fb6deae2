import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ProcessExit;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.Reactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a command and streams its output line by line as it comes, stdout and stderr apart, then
 * reports how it ended: {@code reactor.spawnProcess} with a ProcessProtocol.
 *
 * <pre>
 *   ./torsion run examples/ProcessRunner.java
 *   java -Dprocess.command='ping -c 3 localhost' -jar torsion-all/target/torsion.jar run examples/ProcessRunner.java
 * </pre>
 *
 * The child's output arrives in chunks cut anywhere, so each stream keeps its own partial line
 * until the newline comes. The reactor never waits on the child: other connections would carry on.
 */
public final class ProcessRunner {
  /** Hands each complete line of stdout ("out") and stderr ("err") to {@code onLine}. */
  static final class LineStreamer extends ProcessProtocol {
    final Deferred<ProcessExit> ended = new Deferred<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Consumer<String> onLine;

    LineStreamer(Consumer<String> onLine) {
      this.onLine = onLine;
    }

    @Override
    public void outReceived(byte[] data) {
      split(data, out, "out");
    }

    @Override
    public void errReceived(byte[] data) {
      split(data, err, "err");
    }

    private void split(byte[] data, ByteArrayOutputStream partial, String stream) {
      for (byte b : data) {
        if (b == '\n') {
          onLine.accept(stream + ": " + partial.toString(StandardCharsets.UTF_8));
          partial.reset();
        } else {
          partial.write(b);
        }
      }
    }

    @Override
    public void processEnded(ProcessExit status) {
      // A last line without a newline is still a line.
      if (out.size() > 0) {
        split(new byte[] {'\n'}, out, "out");
      }
      if (err.size() > 0) {
        split(new byte[] {'\n'}, err, "err");
      }
      ended.callback(status);
    }
  }

  /** Starts {@code argv} (program first); {@code ended} fires with how it ended, after its last line. */
  static LineStreamer spawn(Reactor reactor, List<String> argv, Consumer<String> onLine) {
    LineStreamer streamer = new LineStreamer(onLine);
    reactor.spawnProcess(streamer, argv.get(0), argv, null, null); // throws if it cannot start
    return streamer;
  }

  public static Application application(Reactor reactor) {
    String command = System.getProperty("process.command",
        "for i in 1 2 3; do echo tick $i; sleep 0.2; done; echo done >&2");
    Application app = new Application("process-runner");
    new Service() {
      private LineStreamer child;

      @Override
      public Deferred<Void> startService() {
        super.startService();
        child = spawn(reactor, List.of("sh", "-c", command), System.out::println);
        child.ended.addCallback(status -> {
          System.out.println(status.isSuccess() ? "exited: success" : "exited: " + status);
          reactor.stop();
          return null;
        });
        return null;
      }

      @Override
      public Deferred<Void> stopService() {
        super.stopService();
        if (child.ended.called()) {
          return null;
        }
        // Stopped early (Ctrl-C): ask the child to stop too, and wait until it has.
        child.getTransport().signalProcess("TERM");
        Deferred<Void> gone = new Deferred<>();
        child.ended.addBoth(ignored -> {
          gone.callback(null);
          return null;
        });
        return gone;
      }
    }.setServiceParent(app);
    return app;
  }
}
