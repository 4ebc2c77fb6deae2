package dev.torsion.mail.imap.internal;

import dev.torsion.mail.MailAccount;
import dev.torsion.mail.internal.DiskAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A user's mailboxes: INBOX is their Maildir, every other mailbox NAME a Maildir++ folder
 * {@code .NAME} inside it (flat: no hierarchy, delimiter "/" never allowed in names). The
 * commands of the authenticated state that name mailboxes (RFC 3501 6.3) are answered here.
 */
public final class Mailboxes {
  private static final String SUBSCRIPTIONS = ".torsion-subscriptions";
  private static final DateTimeFormatter APPEND_DATE = DateTimeFormatter.ofPattern(
      "d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

  private final MailAccount account;
  private final Path root;
  private final Path spool;
  private final Consumer<String> out;

  public Mailboxes(MailAccount account, Path spool, Consumer<String> out) {
    this.account = account;
    this.root = account.maildir().directory();
    this.spool = spool;
    this.out = out;
  }

  /** An astring's text (atom, quoted, or literal). */
  public static String string(Object token) throws ImapSyntaxError {
    try {
      if (token instanceof String s) {
        return s;
      }
      if (token instanceof byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
      }
      if (token instanceof Literal l && l.size() <= Literal.MEMORY_LIMIT) {
        return new String(l.bytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new ImapSyntaxError("unreadable literal");
    }
    throw new ImapSyntaxError("string expected");
  }

  public static String atom(Object token) throws ImapSyntaxError {
    if (token instanceof String s) {
      return s;
    }
    throw new ImapSyntaxError("atom expected");
  }

  /** The directory of mailbox {@code name}, or null if the name is not one we allow. */
  private Path dir(String name) {
    if (name.equalsIgnoreCase("INBOX")) {
      return root;
    }
    if (name.isEmpty() || name.length() > 100 || name.startsWith(".")
        || !name.matches("[A-Za-z0-9 _.&,+-]+")) {
      return null;
    }
    return root.resolve("." + name);
  }

  /** The Folder of mailbox {@code name}; null when it does not exist (and is not created). */
  public Folder folder(String name, boolean create) throws IOException {
    Path d = dir(name);
    // INBOX always exists (its directories are made at first use, see Maildir.open).
    if (d == null || (!create && !d.equals(root) && !Files.isDirectory(d.resolve("cur")))) {
      return null;
    }
    return Folder.open(d);
  }

  private List<String> names() throws IOException {
    DiskAccess.touch("folders");
    List<String> out = new ArrayList<>(List.of("INBOX"));
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root, ".*")) {
      for (Path p : s) {
        String n = p.getFileName().toString().substring(1);
        if (Files.isDirectory(p.resolve("cur")) && dir(n) != null) {
          out.add(n);
        }
      }
    }
    out.subList(1, out.size()).sort(Comparator.naturalOrder());
    return out;
  }

  /** Handles a mailbox command; false if {@code verb} is not one. */
  public boolean execute(String tag, String verb, List<Object> args)
      throws ImapSyntaxError, IOException {
    switch (verb) {
      case "CREATE" -> {
        one(args);
        String name = trimDelimiter(string(args.get(0)));
        Path d = dir(name);
        if (d == null || Files.exists(d) || name.equalsIgnoreCase("INBOX")) {
          out.accept(tag + " NO cannot create that mailbox");
        } else {
          Folder.open(d);
          out.accept(tag + " OK CREATE completed");
        }
      }
      case "DELETE" -> {
        one(args);
        String name = string(args.get(0));
        Path d = dir(name);
        if (d == null || name.equalsIgnoreCase("INBOX") || !Files.isDirectory(d)) {
          out.accept(tag + " NO cannot delete that mailbox");
        } else {
          Folder.forget(d);
          try (Stream<Path> all = Files.walk(d)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
          out.accept(tag + " OK DELETE completed");
        }
      }
      case "RENAME" -> {
        if (args.size() != 2) {
          throw new ImapSyntaxError("RENAME old new");
        }
        String from = string(args.get(0));
        Path a = dir(from);
        Path b = dir(string(args.get(1)));
        if (a == null || b == null || from.equalsIgnoreCase("INBOX") || !Files.isDirectory(a)
            || Files.exists(b) || a.equals(root) || b.equals(root)) {
          out.accept(tag + " NO cannot rename that mailbox");
        } else {
          Folder.forget(a);
          Files.move(a, b);
          out.accept(tag + " OK RENAME completed");
        }
      }
      case "SUBSCRIBE", "UNSUBSCRIBE" -> {
        one(args);
        String name = string(args.get(0));
        TreeSet<String> subs = subscriptions();
        if (verb.equals("SUBSCRIBE")) {
          subs.add(name);
        } else {
          subs.remove(name);
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(SUBSCRIPTIONS), String.join("\n", subs) + "\n");
        out.accept(tag + " OK " + verb + " completed");
      }
      case "LIST", "LSUB" -> {
        if (args.size() != 2) {
          throw new ImapSyntaxError(verb + " reference pattern");
        }
        String pattern = string(args.get(0)) + string(args.get(1));
        if (pattern.isEmpty() && verb.equals("LIST")) {
          out.accept("* LIST (\\Noselect) \"/\" \"\""); // RFC 3501 6.3.8: the delimiter
        } else {
          Pattern p = glob(pattern);
          TreeSet<String> subs = verb.equals("LSUB") ? subscriptions() : null;
          for (String n : names()) {
            if (p.matcher(n).matches() && (subs == null || subs.contains(n))) {
              out.accept("* " + verb + " (\\HasNoChildren) \"/\" " + Wire.quote(n));
            }
          }
        }
        out.accept(tag + " OK " + verb + " completed");
      }
      case "STATUS" -> {
        if (args.size() != 2 || !(args.get(1) instanceof List<?> items)) {
          throw new ImapSyntaxError("STATUS mailbox (items)");
        }
        String name = string(args.get(0));
        Folder f = folder(name, false);
        if (f == null) {
          out.accept(tag + " NO no such mailbox");
          return true;
        }
        var msgs = f.messages();
        StringBuilder b = new StringBuilder();
        for (Object o : items) {
          String item = atom(o).toUpperCase(Locale.ROOT);
          long v = switch (item) {
            case "MESSAGES" -> msgs.size();
            case "RECENT" -> 0;
            case "UIDNEXT" -> f.uidNext();
            case "UIDVALIDITY" -> f.uidValidity();
            case "UNSEEN" -> msgs.values().stream().filter(m -> !m.hasFlag('S')).count();
            default -> throw new ImapSyntaxError("unknown STATUS item " + item);
          };
          b.append(b.length() > 0 ? " " : "").append(item).append(' ').append(v);
        }
        out.accept("* STATUS " + Wire.quote(name) + " (" + b + ")");
        out.accept(tag + " OK STATUS completed");
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * APPEND mailbox [(flags)] ["date-time"] literal (RFC 3501 6.3.11); the APPENDUID response
   * code of UIDPLUS, or null when the mailbox does not exist.
   */
  public String append(List<Object> args) throws ImapSyntaxError, IOException {
    if (args.size() < 2 || args.size() > 4 || !(args.get(args.size() - 1) instanceof Literal msg)) {
      throw new ImapSyntaxError("APPEND mailbox [(flags)] [date-time] literal");
    }
    String flags = "";
    FileTime date = null;
    for (Object o : args.subList(1, args.size() - 1)) {
      if (o instanceof List<?> l) {
        flags = SelectedMailbox.letters(List.copyOf(l));
      } else if (o instanceof byte[] b) {
        try {
          date = FileTime.from(ZonedDateTime.parse(new String(b, StandardCharsets.US_ASCII).trim(),
              APPEND_DATE).toInstant());
        } catch (DateTimeParseException e) {
          throw new ImapSyntaxError("bad date-time");
        }
      } else {
        throw new ImapSyntaxError("flags or date-time expected");
      }
    }
    Folder f = folder(string(args.get(0)), false);
    if (f == null) {
      return null;
    }
    Path file = msg.file();
    Path temp = null;
    if (file == null) {
      Path where = spool != null ? spool : root.resolve("tmp");
      Files.createDirectories(where);
      temp = Files.createTempFile(where, "append-", ".tmp");
      Files.write(temp, msg.bytes());
      file = temp;
    }
    try {
      long uid = f.add(file, flags, date);
      f.changed(null);
      return "[APPENDUID " + f.uidValidity() + " " + uid + "] ";
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private TreeSet<String> subscriptions() throws IOException {
    DiskAccess.touch("subscriptions");
    TreeSet<String> s = new TreeSet<>();
    Path f = root.resolve(SUBSCRIPTIONS);
    if (Files.exists(f)) {
      for (String l : Files.readAllLines(f)) {
        if (!l.isBlank() && s.size() < 1000) {
          s.add(l);
        }
      }
    }
    return s;
  }

  private static Pattern glob(String pattern) {
    StringBuilder b = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      b.append(c == '*' || c == '%' ? ".*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE);
  }

  private static String trimDelimiter(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static void one(List<Object> args) throws ImapSyntaxError {
    if (args.size() != 1) {
      throw new ImapSyntaxError("one mailbox name expected");
    }
  }
}
