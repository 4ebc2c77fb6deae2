package dev.torsion.mail.imap.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * SEARCH criteria (RFC 3501 6.4.4) compiled into a predicate over one message. Keys that need
 * the text (FROM, SUBJECT, BODY...) read the message lazily, once.
 */
public final class Search {
  /** What a key may ask of a message. */
  public interface Candidate {
    long seq();

    long uid();

    long maxSeq();

    long maxUid();

    String flags();

    long size();

    LocalDate internalDate();

    MimePart mime();
  }

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy",
      Locale.ENGLISH);

  private final List<Object> tokens;
  private int i;

  private Search(List<Object> tokens) {
    this.tokens = tokens;
  }

  /** The conjunction of all the keys in {@code tokens}. */
  public static Predicate<Candidate> compile(List<Object> tokens) throws ImapSyntaxError {
    Search s = new Search(tokens);
    Predicate<Candidate> all = c -> true;
    while (s.i < tokens.size()) {
      all = all.and(s.key(0));
    }
    return all;
  }

  private Object next() throws ImapSyntaxError {
    if (i >= tokens.size()) {
      throw new ImapSyntaxError("search key missing its argument");
    }
    return tokens.get(i++);
  }

  private String text() throws ImapSyntaxError {
    Object t = next();
    try {
      if (t instanceof byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
      }
      if (t instanceof Literal l) {
        return new String(l.bytes(), StandardCharsets.UTF_8);
      }
    } catch (java.io.IOException e) {
      throw new ImapSyntaxError("unreadable literal");
    }
    if (t instanceof String s) {
      return s;
    }
    throw new ImapSyntaxError("string expected");
  }

  private Predicate<Candidate> key(int depth) throws ImapSyntaxError {
    if (depth > 32) {
      throw new ImapSyntaxError("search nested too deep");
    }
    Object t = next();
    if (t instanceof List<?> inner) {
      @SuppressWarnings("unchecked")
      List<Object> sub = (List<Object>) inner;
      return compile(sub);
    }
    if (!(t instanceof String atom)) {
      throw new ImapSyntaxError("search key expected");
    }
    String k = atom.toUpperCase(Locale.ROOT);
    switch (k) {
      case "ALL": return c -> true;
      case "ANSWERED": return flag('R', true);
      case "UNANSWERED": return flag('R', false);
      case "DELETED": return flag('T', true);
      case "UNDELETED": return flag('T', false);
      case "FLAGGED": return flag('F', true);
      case "UNFLAGGED": return flag('F', false);
      case "SEEN": return flag('S', true);
      case "UNSEEN": return flag('S', false);
      case "DRAFT": return flag('D', true);
      case "UNDRAFT": return flag('D', false);
      case "NEW", "RECENT": return c -> false; // this server never reports \Recent
      case "OLD": return c -> true;
      case "KEYWORD": text(); return c -> false;
      case "UNKEYWORD": text(); return c -> true;
      case "NOT": {
        Predicate<Candidate> p = key(depth + 1);
        return p.negate();
      }
      case "OR": {
        Predicate<Candidate> a = key(depth + 1);
        Predicate<Candidate> b = key(depth + 1);
        return a.or(b);
      }
      case "UID": {
        SequenceSet set = SequenceSet.parse(text());
        return c -> set.contains(c.uid(), c.maxUid());
      }
      case "LARGER": {
        long n = number();
        return c -> c.size() > n;
      }
      case "SMALLER": {
        long n = number();
        return c -> c.size() < n;
      }
      case "BEFORE", "SENTBEFORE": {
        LocalDate d = date();
        return c -> c.internalDate().isBefore(d);
      }
      case "ON", "SENTON": {
        LocalDate d = date();
        return c -> c.internalDate().isEqual(d);
      }
      case "SINCE", "SENTSINCE": {
        LocalDate d = date();
        return c -> !c.internalDate().isBefore(d);
      }
      case "FROM", "TO", "CC", "BCC", "SUBJECT": {
        String field = k.charAt(0) + k.substring(1).toLowerCase(Locale.ROOT);
        String s = text().toLowerCase(Locale.ROOT);
        return c -> contains(c.mime().field(field), s);
      }
      case "HEADER": {
        String field = text();
        String s = text().toLowerCase(Locale.ROOT);
        return c -> contains(c.mime().field(field), s);
      }
      case "BODY", "TEXT": {
        String s = text().toLowerCase(Locale.ROOT);
        boolean whole = k.equals("TEXT");
        return c -> {
          MimePart m = c.mime();
          int from = whole ? m.start : m.bodyStart;
          return contains(new String(m.data, from, m.end - from, StandardCharsets.ISO_8859_1), s);
        };
      }
      default: {
        SequenceSet set = SequenceSet.parse(atom);
        return c -> set.contains(c.seq(), c.maxSeq());
      }
    }
  }

  private long number() throws ImapSyntaxError {
    String s = text();
    if (!s.matches("[0-9]{1,18}")) {
      throw new ImapSyntaxError("number expected");
    }
    return Long.parseLong(s);
  }

  private LocalDate date() throws ImapSyntaxError {
    try {
      return LocalDate.parse(text(), DATE);
    } catch (DateTimeParseException e) {
      throw new ImapSyntaxError("date expected, as 1-Feb-1994");
    }
  }

  /** The UTC day of an instant, for date keys. */
  public static LocalDate day(java.time.Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static Predicate<Candidate> flag(char f, boolean set) {
    return c -> (c.flags().indexOf(f) >= 0) == set;
  }

  private static boolean contains(String haystack, String needle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
  }
}
