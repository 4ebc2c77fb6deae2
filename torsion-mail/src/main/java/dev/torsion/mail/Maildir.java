package dev.torsion.mail;

import dev.torsion.mail.internal.DiskAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user's mailbox in the Maildir format (tmp/, new/, cur/), shared by the SMTP, POP3 and IMAP
 * servers: Twisted's {@code maildir.MaildirMailbox}. A message is written under tmp/ and renamed
 * into new/, so a reader never sees half a message; flags live in the name's {@code :2,FLAGS}
 * suffix once the message is in cur/.
 *
 * <p>Messages are stored exactly as they crossed the wire after dot-unstuffing, with CRLF line
 * ends (the SMTP server refuses bare CR and LF), so a POP3 or IMAP reader gets the same bytes and
 * the sizes they announce are the sizes they send.
 *
 * <pre>{@code
 * Maildir box = Maildir.open(Path.of("/var/mail/alice"));
 * box.deliver(spooledFile);
 * for (Maildir.Message m : box.list()) { ... m.size() ... }
 * }</pre>
 */
public final class Maildir {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String HOST = safeHost();
  private static final long PID = ProcessHandle.current().pid();

  /** A message in the box: its file, its unique name (no flags), its size in bytes, its flags. */
  public record Message(Path path, String uniqueName, long size, String flags) {
    /** Whether {@code flag} (a Maildir flag letter: S seen, R replied, F flagged, T trashed...). */
    public boolean hasFlag(char flag) {
      return flags.indexOf(flag) >= 0;
    }
  }

  private final Path dir;
  private volatile boolean created;

  private Maildir(Path dir) {
    this.dir = dir;
  }

  /**
   * The Maildir at {@code dir}; tmp/, new/ and cur/ are created if missing at its first use, not
   * here, so that opening one (a cred realm does, at login, on the reactor thread) touches no
   * disk.
   */
  public static Maildir open(Path dir) throws IOException {
    return new Maildir(dir);
  }

  private void ensure() throws IOException {
    if (!created) {
      DiskAccess.touch("mkdir");
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(dir.resolve("new"));
      Files.createDirectories(dir.resolve("cur"));
      created = true;
    }
  }

  /** Whether {@code name} may name a mailbox directory: no path tricks, no Maildir separators. */
  public static boolean isSafeName(String name) {
    if (name.isEmpty() || name.length() > 64 || name.startsWith(".")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '-' && c != '_'
          && c != '+') {
        return false;
      }
    }
    return true;
  }

  public Path directory() {
    return dir;
  }

  /**
   * A fresh unique file name, Maildir style {@code SECONDS.QCOUNTPPID.HOST}: sortable by arrival
   * within one process (the counter is zero-padded), unique across processes and hosts.
   */
  public static String uniqueName() {
    long sec = System.currentTimeMillis() / 1000;
    return String.format("%d.Q%010dP%d.%s", sec, COUNTER.incrementAndGet(), PID, HOST);
  }

  /**
   * Puts a copy of the file {@code source} into new/ (a hard link where the file system allows,
   * else a copy), through tmp/ so that readers never see it half written. Returns its unique name.
   */
  public String deliver(Path source) throws IOException {
    DiskAccess.touch("deliver");
    ensure();
    String name = uniqueName();
    Path tmp = dir.resolve("tmp").resolve(name);
    try {
      Files.createLink(tmp, source);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    move(tmp, dir.resolve("new").resolve(name));
    return name;
  }

  /** The messages in new/ and cur/, oldest first. */
  public List<Message> list() throws IOException {
    DiskAccess.touch("list");
    ensure();
    List<Message> out = new ArrayList<>();
    collect(dir.resolve("new"), out);
    collect(dir.resolve("cur"), out);
    out.sort(Comparator.comparing(Message::uniqueName));
    return out;
  }

  private static void collect(Path sub, List<Message> out) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
      for (Path p : files) {
        String file = p.getFileName().toString();
        if (file.startsWith(".")) {
          continue;
        }
        int colon = file.indexOf(':');
        String unique = colon < 0 ? file : file.substring(0, colon);
        String flags = colon >= 0 && file.startsWith(":2,", colon) ? file.substring(colon + 3) : "";
        long size;
        try {
          size = Files.size(p);
        } catch (NoSuchFileException gone) {
          continue; // removed by another session meanwhile
        }
        out.add(new Message(p, unique, size, flags));
      }
    }
  }

  /** The message's bytes. */
  public byte[] read(Message m) throws IOException {
    DiskAccess.touch("read");
    return Files.readAllBytes(m.path());
  }

  /** Removes the message; one already gone (another session deleted it) is not an error. */
  public void delete(Message m) throws IOException {
    DiskAccess.touch("delete");
    Files.deleteIfExists(m.path());
  }

  /** Moves the message into cur/ with exactly {@code flags} (sorted, Maildir letters). */
  public Message setFlags(Message m, String flags) throws IOException {
    DiskAccess.touch("rename");
    ensure();
    char[] f = flags.toCharArray();
    java.util.Arrays.sort(f);
    String sorted = new String(f);
    Path target = dir.resolve("cur").resolve(m.uniqueName() + ":2," + sorted);
    if (!target.equals(m.path())) {
      move(m.path(), target);
    }
    return new Message(target, m.uniqueName(), m.size(), sorted);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String safeHost() {
    String h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      h = "localhost";
    }
    // Maildir: '/' and ':' in the host part are written as \057 and \072.
    return h.replace("/", "\\057").replace(":", "\\072");
  }
}
