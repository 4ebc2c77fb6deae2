package dev.torsion.examples;

import java.util.List;
import java.util.Map;
import me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite;

/**
 * The Autobahn test suite's fuzzing client (wstest 0.6.4 under Jython, as the
 * autobahntestsuite-maven-plugin ships it), run as a program of its own so its Jython and
 * Twisted stay out of the test's JVM. It writes its reports into {@code
 * target/autobahntestsuite-reports} below its working directory, {@code index.json} among them.
 *
 * <pre>
 *   java -cp TEST_CLASSPATH dev.torsion.examples.AutobahnFuzzingClient ws://127.0.0.1:9001/echo '1.*,2.*' '9.*'
 * </pre>
 */
final class AutobahnFuzzingClient {
  /** The agent name the results are filed under in index.json. */
  static final String AGENT = "torsion";

  private AutobahnFuzzingClient() {}

  /** {@code URL CASES [EXCLUDED]}: cases and exclusions are comma-separated, {@code *} wildcards. */
  public static void main(String[] args) {
    List<String> cases = List.of(args[1].split(","));
    List<String> excluded = args.length > 2 && !args[2].isEmpty()
        ? List.of(args[2].split(",")) : List.of();
    // "version": 18 is RFC 6455's wire version (13) in wstest's numbering, as the plugin uses it.
    AutobahnTestSuite.runFuzzingClient(AGENT, args[0], Map.of("version", 18), cases, excluded);
    System.out.println("autobahn fuzzing client done");
    System.exit(0); // the suite's Twisted reactor thread would otherwise keep the JVM up
  }
}
