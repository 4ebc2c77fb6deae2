package dev.torsion.mail.imap.internal;

import dev.torsion.mail.Maildir;
import dev.torsion.mail.internal.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One session's view of its selected mailbox (RFC 3501 2.3.1.2): message sequence numbers mapped
 * to UIDs, the flags last reported, and the commands of the selected state. The view changes
 * only when the session reports it ({@link #sync}), so numbers stay stable between reports.
 */
public final class SelectedMailbox {
  /** IMAP system flags and their Maildir letters (the Maildir spec's "info" section). */
  private static final String[][] FLAGS = {
    {"\\Draft", "D"}, {"\\Flagged", "F"}, {"\\Answered", "R"}, {"\\Seen", "S"}, {"\\Deleted", "T"}
  };
  public static final String FLAG_LIST = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
  private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern(
      "dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

  public final Folder folder;
  public final boolean readOnly;
  private final Consumer<byte[]> out;
  private List<Long> uids = new ArrayList<>();
  private final Map<Long, String> reportedFlags = new HashMap<>();

  public SelectedMailbox(Folder folder, boolean readOnly, Consumer<byte[]> out) {
    this.folder = folder;
    this.readOnly = readOnly;
    this.out = out;
    var msgs = folder.messages();
    uids.addAll(msgs.keySet());
    msgs.forEach((uid, m) -> reportedFlags.put(uid, m.flags()));
  }

  public int exists() {
    return uids.size();
  }

  public long firstUnseen() {
    for (int i = 0; i < uids.size(); i++) {
      Maildir.Message m = folder.get(uids.get(i));
      if (m != null && !m.hasFlag('S')) {
        return i + 1;
      }
    }
    return 0;
  }

  private void line(String s) {
    out.accept((s + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /**
   * Rereads the folder and reports what changed since the last report: EXPUNGE for vanished
   * messages (highest number first, so the numbers sent stay valid), EXISTS, and FETCH FLAGS.
   */
  public void sync(boolean expungesAllowed) throws IOException {
    folder.refresh();
    var now = folder.messages();
    if (expungesAllowed) {
      for (int i = uids.size() - 1; i >= 0; i--) {
        if (!now.containsKey(uids.get(i))) {
          reportedFlags.remove(uids.get(i));
          uids.remove(i);
          line("* " + (i + 1) + " EXPUNGE");
        }
      }
    }
    long last = uids.isEmpty() ? 0 : uids.get(uids.size() - 1);
    int before = uids.size();
    for (long uid : now.tailMap(last, false).keySet()) {
      uids.add(uid);
      reportedFlags.put(uid, now.get(uid).flags());
    }
    if (uids.size() != before) {
      line("* " + uids.size() + " EXISTS");
    }
    for (int i = 0; i < uids.size(); i++) {
      Maildir.Message m = now.get(uids.get(i));
      if (m != null && !m.flags().equals(reportedFlags.get(uids.get(i)))) {
        reportedFlags.put(uids.get(i), m.flags());
        line("* " + (i + 1) + " FETCH (FLAGS " + flagList(m.flags()) + ")");
      }
    }
  }

  /** The 0-based positions a sequence set (or UID set) names; never materialises the range. */
  private List<Integer> select(String set, boolean byUid) throws ImapSyntaxError {
    SequenceSet s = SequenceSet.parse(set);
    List<Integer> hits = new ArrayList<>();
    long max = byUid ? (uids.isEmpty() ? 0 : uids.get(uids.size() - 1)) : uids.size();
    for (int i = 0; i < uids.size(); i++) {
      if (s.contains(byUid ? uids.get(i) : i + 1, max)) {
        hits.add(i);
      }
    }
    return hits;
  }

  public static String flagList(String letters) {
    StringBuilder b = new StringBuilder("(");
    for (String[] f : FLAGS) {
      if (letters.contains(f[1])) {
        b.append(b.length() > 1 ? " " : "").append(f[0]);
      }
    }
    return b.append(')').toString();
  }

  /** Maildir letters for IMAP flags; keywords this store cannot keep are dropped. */
  public static String letters(List<Object> flags) throws ImapSyntaxError {
    StringBuilder b = new StringBuilder();
    for (Object o : flags) {
      if (!(o instanceof String s)) {
        throw new ImapSyntaxError("flag expected");
      }
      for (String[] f : FLAGS) {
        if (f[0].equalsIgnoreCase(s) && b.indexOf(f[1]) < 0) {
          b.append(f[1]);
        }
      }
    }
    return b.toString();
  }

  /** FETCH (RFC 3501 6.4.5). */
  public void fetch(String set, Object items, boolean byUid) throws ImapSyntaxError, IOException {
    List<Object> list = new ArrayList<>();
    if (items instanceof List<?> l) {
      list.addAll(l);
    } else if (items instanceof String s) {
      switch (s.toUpperCase(Locale.ROOT)) {
        case "ALL" -> list.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
        case "FAST" -> list.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
        case "FULL" -> list.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE",
            "BODY"));
        default -> list.add(s);
      }
    } else {
      throw new ImapSyntaxError("fetch items expected");
    }
    List<String> names = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new ImapSyntaxError("fetch item expected");
      }
      String u = s.toUpperCase(Locale.ROOT);
      if (u.startsWith("BODY[") || u.startsWith("BODY.PEEK[")) {
        Fetch.section(s); // syntax checked before any output
      } else if (!List.of("FLAGS", "UID", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE",
          "BODYSTRUCTURE", "BODY", "RFC822", "RFC822.HEADER", "RFC822.TEXT").contains(u)) {
        throw new ImapSyntaxError("unknown fetch item " + s);
      }
      names.add(u);
    }
    if (byUid && !names.contains("UID")) {
      names.add(0, "UID");
    }
    for (int i : select(set, byUid)) {
      fetchOne(i, names);
    }
  }

  private void fetchOne(int i, List<String> names) throws ImapSyntaxError, IOException {
    long uid = uids.get(i);
    Maildir.Message m = folder.get(uid);
    if (m == null) {
      return; // expunged by another session; reported at the next sync
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Wire.ascii(b, "* " + (i + 1) + " FETCH (");
    byte[] wire = null;
    MimePart mime = null;
    boolean seen = false;
    boolean first = true;
    for (String item : names) {
      if (!first) {
        b.write(' ');
      }
      first = false;
      if (item.equals("UID")) {
        Wire.ascii(b, "UID " + uid);
        continue;
      }
      if (item.equals("FLAGS")) {
        Wire.ascii(b, "FLAGS " + flagList(m.flags()));
        continue;
      }
      if (item.equals("INTERNALDATE")) {
        FileTime t = Files.getLastModifiedTime(m.path());
        Wire.ascii(b, "INTERNALDATE \"" + INTERNALDATE.format(t.toInstant().atZone(ZoneOffset.UTC))
            + "\"");
        continue;
      }
      if (wire == null) {
        wire = WireFormat.toWire(folder.maildir().read(m), false, -1);
        mime = MimePart.parse(wire);
      }
      switch (item) {
        case "RFC822.SIZE" -> Wire.ascii(b, "RFC822.SIZE " + wire.length);
        case "ENVELOPE" -> {
          Wire.ascii(b, "ENVELOPE ");
          Fetch.envelope(b, mime);
        }
        case "BODYSTRUCTURE", "BODY" -> {
          Wire.ascii(b, item + " ");
          Fetch.bodyStructure(b, mime);
        }
        case "RFC822" -> {
          Wire.ascii(b, "RFC822 ");
          Wire.nstring(b, wire);
          seen = true;
        }
        case "RFC822.HEADER" -> {
          Wire.ascii(b, "RFC822.HEADER ");
          Wire.nstring(b, Fetch.sectionBytes(mime, new Fetch.Section("HEADER", -1, -1)));
        }
        case "RFC822.TEXT" -> {
          Wire.ascii(b, "RFC822.TEXT ");
          Wire.nstring(b, Fetch.sectionBytes(mime, new Fetch.Section("TEXT", -1, -1)));
          seen = true;
        }
        default -> {
          Fetch.Section s = Fetch.section(item);
          Wire.ascii(b, s.label() + " ");
          byte[] data = Fetch.sectionBytes(mime, s);
          literal(b, data == null ? new byte[0] : data);
          seen |= !item.startsWith("BODY.PEEK");
        }
      }
    }
    // RFC 3501 6.4.5: fetching a body without .PEEK sets \Seen, and the new flags are reported.
    if (seen && !readOnly && !m.hasFlag('S')) {
      Maildir.Message now = folder.setFlags(uid, m.flags() + "S");
      if (now != null) {
        reportedFlags.put(uid, now.flags());
        if (!names.contains("FLAGS")) {
          Wire.ascii(b, " FLAGS " + flagList(now.flags()));
        }
      }
    }
    Wire.ascii(b, ")\r\n");
    out.accept(b.toByteArray());
  }

  private static void literal(ByteArrayOutputStream b, byte[] data) {
    Wire.ascii(b, "{" + data.length + "}\r\n");
    b.writeBytes(data);
  }

  /** STORE (RFC 3501 6.4.6); returns whether anything was changed. */
  public void store(String set, String how, List<Object> flags, boolean byUid)
      throws ImapSyntaxError, IOException {
    String h = how.toUpperCase(Locale.ROOT);
    boolean silent = h.endsWith(".SILENT");
    String op = silent ? h.substring(0, h.length() - 7) : h;
    if (!List.of("FLAGS", "+FLAGS", "-FLAGS").contains(op)) {
      throw new ImapSyntaxError("FLAGS, +FLAGS or -FLAGS expected");
    }
    String given = letters(flags);
    for (int i : select(set, byUid)) {
      long uid = uids.get(i);
      Maildir.Message m = folder.get(uid);
      if (m == null) {
        continue;
      }
      String now = switch (op) {
        case "FLAGS" -> given;
        case "+FLAGS" -> union(m.flags(), given);
        default -> m.flags().replaceAll("[" + (given.isEmpty() ? "_" : given) + "]", "");
      };
      Maildir.Message changed = folder.setFlags(uid, now);
      if (changed != null) {
        reportedFlags.put(uid, changed.flags());
        if (!silent) {
          line("* " + (i + 1) + " FETCH (" + (byUid ? "UID " + uid + " " : "") + "FLAGS "
              + flagList(changed.flags()) + ")");
        }
      }
    }
  }

  private static String union(String a, String b) {
    StringBuilder s = new StringBuilder(a);
    for (char c : b.toCharArray()) {
      if (s.indexOf(String.valueOf(c)) < 0) {
        s.append(c);
      }
    }
    return s.toString();
  }

  /** COPY (RFC 3501 6.4.7); returns the COPYUID response code of UIDPLUS (RFC 4315 3). */
  public String copy(String set, Folder target, boolean byUid) throws ImapSyntaxError, IOException {
    StringBuilder from = new StringBuilder();
    StringBuilder to = new StringBuilder();
    for (int i : select(set, byUid)) {
      long uid = uids.get(i);
      Maildir.Message m = folder.get(uid);
      if (m == null) {
        continue;
      }
      long copied = target.add(m.path(), m.flags(), Files.getLastModifiedTime(m.path()));
      from.append(from.length() > 0 ? "," : "").append(uid);
      to.append(to.length() > 0 ? "," : "").append(copied);
    }
    target.changed(null);
    return from.length() == 0 ? "" : "[COPYUID " + target.uidValidity() + " " + from + " " + to
        + "] ";
  }

  /** SEARCH (RFC 3501 6.4.4): the matching numbers, or UIDs. */
  public void search(List<Object> keys, boolean byUid) throws ImapSyntaxError, IOException {
    if (keys.size() >= 2 && keys.get(0) instanceof String c && c.equalsIgnoreCase("CHARSET")) {
      keys = keys.subList(2, keys.size());
    }
    Predicate<Search.Candidate> p = Search.compile(keys);
    StringBuilder b = new StringBuilder("* SEARCH");
    long maxUid = uids.isEmpty() ? 0 : uids.get(uids.size() - 1);
    for (int i = 0; i < uids.size(); i++) {
      long uid = uids.get(i);
      Maildir.Message m = folder.get(uid);
      if (m == null) {
        continue;
      }
      int seq = i + 1;
      MimePart[] mime = new MimePart[1];
      Search.Candidate c = new Search.Candidate() {
        public long seq() {
          return seq;
        }

        public long uid() {
          return uid;
        }

        public long maxSeq() {
          return uids.size();
        }

        public long maxUid() {
          return maxUid;
        }

        public String flags() {
          return m.flags();
        }

        public long size() {
          return m.size();
        }

        public java.time.LocalDate internalDate() {
          try {
            return Search.day(Files.getLastModifiedTime(m.path()).toInstant());
          } catch (IOException e) {
            return java.time.LocalDate.EPOCH;
          }
        }

        public MimePart mime() {
          if (mime[0] == null) {
            try {
              mime[0] = MimePart.parse(WireFormat.toWire(folder.maildir().read(m), false, -1));
            } catch (IOException e) {
              mime[0] = MimePart.parse(new byte[0]);
            }
          }
          return mime[0];
        }
      };
      if (p.test(c)) {
        b.append(' ').append(byUid ? uid : seq);
      }
    }
    line(b.toString());
  }

  /** EXPUNGE, or UID EXPUNGE of {@code uidSet} (RFC 4315 2.1): removes \Deleted messages. */
  public void expunge(String uidSet, boolean report) throws ImapSyntaxError, IOException {
    SequenceSet only = uidSet == null ? null : SequenceSet.parse(uidSet);
    long maxUid = uids.isEmpty() ? 0 : uids.get(uids.size() - 1);
    for (int i = uids.size() - 1; i >= 0; i--) {
      long uid = uids.get(i);
      Maildir.Message m = folder.get(uid);
      if (m != null && m.hasFlag('T') && (only == null || only.contains(uid, maxUid))) {
        folder.remove(uid);
        uids.remove(i);
        reportedFlags.remove(uid);
        if (report) {
          line("* " + (i + 1) + " EXPUNGE");
        }
      }
    }
  }
}
