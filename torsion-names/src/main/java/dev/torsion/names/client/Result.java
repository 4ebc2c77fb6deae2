package dev.torsion.names.client;

import dev.torsion.names.RRHeader;
import java.util.List;

/**
 * The three record sections of a successful lookup: Twisted's {@code (answers, authority,
 * additional)} tuple.
 *
 * <pre>{@code
 * resolver.lookupMailExchange("example.com").addCallback(r -> r.answers());
 * }</pre>
 */
public record Result(List<RRHeader> answers, List<RRHeader> authority,
    List<RRHeader> additional) {
  public Result {
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }
}
