package dev.torsion.names.server;

import dev.torsion.names.RRHeader;
import java.util.List;

/**
 * What an authority says about one question: the rcode, whether it speaks with authority, and
 * the three sections of the response.
 *
 * <pre>{@code
 * Answer a = zone.lookup(new Query("www.example.com", RRType.A));
 * a.answers();   // the A records, after any CNAME in the zone
 * }</pre>
 */
public record Answer(int rCode, boolean authoritative, List<RRHeader> answers,
    List<RRHeader> authority, List<RRHeader> additional) {
  public Answer {
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }
}
