package dev.torsion.mail.imap.internal;

import dev.torsion.mail.Maildir;
import dev.torsion.mail.internal.DiskAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One IMAP mailbox over one Maildir, shared by every session that has it selected: the UIDs
 * (RFC 3501 2.3.1.1), kept in {@code .torsion-uids} beside new/ and cur/ so they survive
 * restarts, and the sessions to tell when it changes.
 *
 * <pre>
 *   .torsion-uids:  UIDVALIDITY SP NEXTUID LF  *( UID SP UNIQUE-NAME LF )
 * </pre>
 *
 * <p>Messages that appear in the Maildir (delivered by SMTP, say) get the next UIDs in arrival
 * order at the next {@link #refresh}; messages that vanish lose theirs for good.
 */
public final class Folder {
  private static final Map<Path, Folder> OPEN = new ConcurrentHashMap<>();
  private static final String UIDS = ".torsion-uids";

  private final Maildir maildir;
  private long uidValidity;
  private long nextUid = 1;
  private final TreeMap<Long, Maildir.Message> byUid = new TreeMap<>();
  private final Set<Runnable> watchers = new CopyOnWriteArraySet<>();

  private Folder(Maildir maildir) {
    this.maildir = maildir;
  }

  /** The shared Folder of the Maildir at {@code dir}, created if missing. */
  public static Folder open(Path dir) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    Folder f = OPEN.get(key);
    if (f == null) {
      Folder fresh = new Folder(Maildir.open(key));
      fresh.load();
      f = OPEN.computeIfAbsent(key, k -> fresh);
    }
    f.refresh();
    return f;
  }

  /** Forgets the shared state of {@code dir} (after DELETE or RENAME). */
  public static void forget(Path dir) {
    OPEN.remove(dir.toAbsolutePath().normalize());
  }

  public Maildir maildir() {
    return maildir;
  }

  public synchronized long uidValidity() {
    return uidValidity;
  }

  public synchronized long uidNext() {
    return nextUid;
  }

  /** UID to message, in UID order: a copy, safe to keep. */
  public synchronized TreeMap<Long, Maildir.Message> messages() {
    return new TreeMap<>(byUid);
  }

  public synchronized Maildir.Message get(long uid) {
    return byUid.get(uid);
  }

  public void watch(Runnable changed) {
    watchers.add(changed);
  }

  public void unwatch(Runnable changed) {
    watchers.remove(changed);
  }

  /** Tells every watching session but {@code source} that the mailbox changed. */
  public void changed(Runnable source) {
    for (Runnable w : watchers) {
      if (w != source) {
        w.run();
      }
    }
  }

  /** Rereads the Maildir: new messages get UIDs, vanished ones are dropped. */
  public synchronized void refresh() throws IOException {
    Map<String, Maildir.Message> present = new HashMap<>();
    List<Maildir.Message> arrived = new ArrayList<>();
    for (Maildir.Message m : maildir.list()) {
      present.put(m.uniqueName(), m);
    }
    Map<String, Long> known = new HashMap<>();
    boolean dirty = false;
    for (var it = byUid.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Maildir.Message now = present.get(e.getValue().uniqueName());
      if (now == null) {
        it.remove();
        dirty = true;
      } else {
        e.setValue(now);
        known.put(now.uniqueName(), e.getKey());
      }
    }
    for (Maildir.Message m : present.values()) {
      if (!known.containsKey(m.uniqueName())) {
        arrived.add(m);
      }
    }
    arrived.sort(java.util.Comparator.comparing(Maildir.Message::uniqueName));
    for (Maildir.Message m : arrived) {
      byUid.put(nextUid++, m);
      dirty = true;
    }
    if (dirty) {
      save();
    }
  }

  /** Records new flags of message {@code uid} (a rename in the Maildir). */
  public synchronized Maildir.Message setFlags(long uid, String flags) throws IOException {
    Maildir.Message m = byUid.get(uid);
    if (m == null) {
      return null;
    }
    try {
      m = maildir.setFlags(m, flags);
    } catch (NoSuchFileException gone) {
      return null;
    }
    byUid.put(uid, m);
    return m;
  }

  /** Adds the file {@code source} as a new message with {@code flags}; returns its UID. */
  public synchronized long add(Path source, String flags, java.nio.file.attribute.FileTime date)
      throws IOException {
    String name = maildir.deliver(source);
    refreshOne(name);
    long uid = nextUid - 1;
    Maildir.Message m = byUid.get(uid);
    if (!flags.isEmpty()) {
      m = maildir.setFlags(m, flags);
      byUid.put(uid, m);
    }
    if (date != null) {
      Files.setLastModifiedTime(m.path(), date);
    }
    return uid;
  }

  private void refreshOne(String name) throws IOException {
    for (Maildir.Message m : maildir.list()) {
      if (m.uniqueName().equals(name)) {
        byUid.put(nextUid++, m);
        save();
        return;
      }
    }
    throw new IOException("message " + name + " vanished after delivery");
  }

  /** Removes message {@code uid}. */
  public synchronized void remove(long uid) throws IOException {
    Maildir.Message m = byUid.remove(uid);
    if (m != null) {
      maildir.delete(m);
      save();
    }
  }

  private void load() throws IOException {
    Path file = maildir.directory().resolve(UIDS);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      lines = List.of();
    }
    if (lines.isEmpty() || !lines.get(0).matches("[0-9]{1,10} [0-9]{1,10}")) {
      uidValidity = Math.max(1, System.currentTimeMillis() / 1000 & 0xFFFFFFFFL);
      nextUid = 1;
      byUid.clear();
      return;
    }
    String[] head = lines.get(0).split(" ");
    uidValidity = Long.parseLong(head[0]);
    nextUid = Long.parseLong(head[1]);
    Map<String, Maildir.Message> present = new HashMap<>();
    for (Maildir.Message m : maildir.list()) {
      present.put(m.uniqueName(), m);
    }
    for (String l : lines.subList(1, lines.size())) {
      int sp = l.indexOf(' ');
      if (sp > 0 && l.substring(0, sp).matches("[0-9]{1,10}")) {
        Maildir.Message m = present.get(l.substring(sp + 1));
        long uid = Long.parseLong(l.substring(0, sp));
        if (m != null && uid < nextUid) {
          byUid.put(uid, m);
        }
      }
    }
  }

  private void save() throws IOException {
    DiskAccess.touch("uids");
    StringBuilder b = new StringBuilder().append(uidValidity).append(' ').append(nextUid)
        .append('\n');
    for (var e : byUid.entrySet()) {
      b.append(e.getKey()).append(' ').append(e.getValue().uniqueName()).append('\n');
    }
    Path file = maildir.directory().resolve(UIDS);
    Path tmp = maildir.directory().resolve(UIDS + ".tmp");
    Files.writeString(tmp, b, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
