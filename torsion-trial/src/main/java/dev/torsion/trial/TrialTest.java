package dev.torsion.trial;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs tests the trial way: each on a fresh reactor of its own, with the dirty-reactor and
 * logged-error checks afterwards. Put it on a test class (or a single method); it is {@code
 * @ExtendWith(TrialExtension.class)} under a shorter name.
 *
 * <p>Test methods run on the reactor's thread, so they may use the reactor and the objects it
 * drives without locks. A {@code void} test is done when it returns, unless it handed a Deferred
 * to {@link Trial#waitFor}; a test that returns a Deferred is written with {@link DeferredTest}.
 *
 * <pre>{@code
 * @TrialTest
 * class EchoTest {
 *   @Test
 *   void echoesOverTcp(Reactor reactor) {
 *     ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Echo::new));
 *     Trial.waitFor(talkTo(reactor, port).addBoth(r -> port.stopListening()));
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TrialExtension.class)
public @interface TrialTest {}
