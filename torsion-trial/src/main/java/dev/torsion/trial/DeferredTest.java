package dev.torsion.trial;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test method that returns a {@link dev.torsion.internet.Deferred} (or a {@link
 * java.util.concurrent.CompletionStage}): trial runs it on a fresh reactor and the test passes
 * when the Deferred fires with a result, fails with the failure's own exception when it fires
 * with one, and fails after its {@link TrialTimeout} if it never fires. Twisted's "a test may
 * return a Deferred".
 *
 * <p>JUnit runs {@code @Test} methods only when they return void, so returning a value needs
 * this annotation (it is a {@code @TestFactory} whose one dynamic test reports the result).
 * Such a method is also a {@link TrialTest}: the dirty-reactor and logged-error checks apply.
 *
 * <pre>{@code
 * @DeferredTest
 * Deferred<?> greetingArrives(Reactor reactor) {
 *   return connect(reactor).addCallback(client -> client.greeting())
 *       .addCallback(greeting -> { assertThat(greeting).isEqualTo("hello"); return null; });
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestFactory
@ExtendWith(TrialExtension.class)
public @interface DeferredTest {}
