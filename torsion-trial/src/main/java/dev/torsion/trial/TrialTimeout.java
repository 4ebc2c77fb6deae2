package dev.torsion.trial;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long a trial test may wait for its Deferred, in seconds: Twisted's {@code timeout}
 * attribute. On a method it applies to that test; on a class, to every test in it (and in its
 * {@code @Nested} classes). Without one, a test gets {@value #DEFAULT_SECONDS} seconds.
 *
 * <p>Each of a test's {@code @BeforeEach} methods, the test itself and its {@code @AfterEach}
 * methods gets the whole timeout. A test that runs out fails with its name and what it was
 * waiting for.
 *
 * <pre>{@code
 * @TrialTest
 * @TrialTimeout(10)
 * class HandshakeTest { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface TrialTimeout {
  /** The default timeout, as in Twisted. */
  double DEFAULT_SECONDS = 120;

  /** Seconds the test may take. */
  double value();
}
