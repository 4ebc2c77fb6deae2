package dev.torsion.mail.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages accepted for foreign domains, waiting to be relayed: Twisted's {@code
 * relaymanager.Queue}. Each is a pair of files in one directory, {@code ID.msg} (the message)
 * and {@code ID.env} (the sender on the first line, one recipient a line after it); the {@code
 * .env} file is written last, so a half-queued message is never picked up.
 *
 * <pre>{@code
 * RelayQueue queue = RelayQueue.open(Path.of("/var/mail/.queue"));
 * for (RelayQueue.Entry e : queue.entries()) { ... sendmail(...) ... queue.done(e); }
 * }</pre>
 */
public final class RelayQueue {
  /** A queued message: its id, sender ("" for the null sender), recipients and message file. */
  public record Entry(String id, String from, List<String> recipients, Path message) {}

  private final Path dir;
  private Runnable onEnqueued;

  private RelayQueue(Path dir) {
    this.dir = dir;
  }

  public static RelayQueue open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new RelayQueue(dir);
  }

  /** Runs {@code listener} (on the caller's thread) after each message is queued; null for none. */
  public void onEnqueued(Runnable listener) {
    this.onEnqueued = listener;
  }

  /** Queues a copy of {@code message} for {@code recipients}; returns its id. */
  public String enqueue(MailAddress from, List<MailAddress> recipients, Path message)
      throws IOException {
    String id = dev.torsion.mail.Maildir.uniqueName();
    Path msg = dir.resolve(id + ".msg");
    try {
      Files.createLink(msg, message);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(message, msg, StandardCopyOption.REPLACE_EXISTING);
    }
    StringBuilder env = new StringBuilder(from == null ? "" : from.toString()).append('\n');
    for (MailAddress r : recipients) {
      env.append(r).append('\n');
    }
    Path tmp = dir.resolve(id + ".env.tmp");
    Files.writeString(tmp, env, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(id + ".env"), StandardCopyOption.ATOMIC_MOVE);
    Runnable l = onEnqueued;
    if (l != null) {
      l.run();
    }
    return id;
  }

  /** The queued messages, oldest first. */
  public List<Entry> entries() throws IOException {
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.env")) {
      for (Path env : files) {
        String name = env.getFileName().toString();
        String id = name.substring(0, name.length() - 4);
        List<String> lines = Files.readAllLines(env, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
          continue;
        }
        out.add(new Entry(id, lines.get(0), List.copyOf(lines.subList(1, lines.size())),
            dir.resolve(id + ".msg")));
      }
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }

  /** Removes a message that was relayed (or bounced for good). */
  public void done(Entry e) throws IOException {
    Files.deleteIfExists(dir.resolve(e.id() + ".env"));
    Files.deleteIfExists(e.message());
  }

  /** Rewrites the entry to the recipients still to try (after some succeeded). */
  public void retain(Entry e, List<String> remaining) throws IOException {
    if (remaining.isEmpty()) {
      done(e);
      return;
    }
    StringBuilder env = new StringBuilder(e.from()).append('\n');
    for (String r : remaining) {
      env.append(r).append('\n');
    }
    Path tmp = dir.resolve(e.id() + ".env.tmp");
    Files.writeString(tmp, env, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(e.id() + ".env"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
