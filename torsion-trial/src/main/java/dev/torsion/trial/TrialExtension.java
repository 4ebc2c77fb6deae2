package dev.torsion.trial;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.trial.internal.TrialSession;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension behind {@link TrialTest} and {@link DeferredTest}: Twisted trial's test
 * runner. Use it through those annotations or directly with {@code
 * @ExtendWith(TrialExtension.class)}.
 *
 * <p>For each test it starts a fresh reactor on a thread of its own and runs the test's {@code
 * @BeforeEach} methods, the test, and its {@code @AfterEach} methods on that thread, each
 * waiting for the Deferred it returned or handed to {@link Trial#waitFor}, within the {@link
 * TrialTimeout}. Then it fails the test if the reactor was left dirty ({@link DirtyReactorError})
 * or errors were logged and not flushed ({@link LoggedErrorsError}), cleans up and stops the
 * reactor. Test and lifecycle methods may take a {@link Reactor} (or {@link NioReactor}) parameter. Per-test state lives
 * in the ExtensionContext store, so test classes may run in parallel.
 *
 * <pre>{@code
 * @ExtendWith(TrialExtension.class)
 * class ClockedTest {
 *   @Test
 *   void firesLater(Reactor reactor) {
 *     Deferred<String> d = new Deferred<>();
 *     reactor.callLater(0.01, () -> d.callback("done"));
 *     Trial.waitFor(d);
 *   }
 * }
 * }</pre>
 */
public final class TrialExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        InvocationInterceptor,
        ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TrialExtension.class);
  private static final String SESSION = "session";

  @Override
  public void beforeAll(ExtensionContext context) {
    checkDiscoverable(context.getRequiredTestClass());
  }

  /**
   * JUnit silently skips a {@code @Test} that returns a value: catch the Twisted habit of
   * returning a Deferred from a plain test before it hides a test that never runs.
   */
  static void checkDiscoverable(Class<?> testClass) {
    for (Method m :
        AnnotationSupport.findAnnotatedMethods(testClass, Test.class, HierarchyTraversalMode.TOP_DOWN)) {
      rejectNonVoid(m, "@Test");
    }
    for (Method m :
        AnnotationSupport.findAnnotatedMethods(
            testClass, TestTemplate.class, HierarchyTraversalMode.TOP_DOWN)) {
      rejectNonVoid(m, "@TestTemplate (such as @ParameterizedTest)");
    }
    for (Method m :
        AnnotationSupport.findAnnotatedMethods(
            testClass, DeferredTest.class, HierarchyTraversalMode.TOP_DOWN)) {
      if (m.getReturnType() == void.class) {
        throw new ExtensionConfigurationException(
            m.getDeclaringClass().getName() + "." + m.getName()
                + "() is @DeferredTest but returns void, so JUnit would never run it: "
                + "use @Test for a test that returns nothing");
      }
    }
  }

  private static void rejectNonVoid(Method m, String kind) {
    if (m.getReturnType() != void.class) {
      throw new ExtensionConfigurationException(
          m.getDeclaringClass().getName() + "." + m.getName() + "() is " + kind + " but returns "
              + m.getReturnType().getSimpleName()
              + ", so JUnit would never run it: annotate it @DeferredTest, or return void and "
              + "hand the Deferred to Trial.waitFor()");
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    session(context);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    TrialSession s = context.getStore(NAMESPACE).remove(SESSION, TrialSession.class);
    if (s == null) {
      return;
    }
    try {
      s.finish();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static TrialSession session(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SESSION,
            key -> TrialSession.start(testName(context), timeoutSeconds(context)),
            TrialSession.class);
  }

  static String testName(ExtensionContext context) {
    String name =
        context.getRequiredTestClass().getName()
            + context.getTestMethod().map(m -> "." + m.getName() + "()").orElse("");
    String display = context.getDisplayName();
    // Parameterised and repeated invocations: say which one.
    if (context.getTestMethod().isPresent()
        && !display.equals(context.getTestMethod().get().getName() + "()")
        && display.startsWith("[")) {
      name += " " + display;
    }
    return name;
  }

  static double timeoutSeconds(ExtensionContext context) {
    Optional<TrialTimeout> onMethod =
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, TrialTimeout.class));
    if (onMethod.isPresent()) {
      return onMethod.get().value();
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      Optional<TrialTimeout> onClass = AnnotationSupport.findAnnotation(c, TrialTimeout.class);
      if (onClass.isPresent()) {
        return onClass.get().value();
      }
    }
    return TrialTimeout.DEFAULT_SECONDS;
  }

  // ---- running everything on the reactor ----

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    session(context).run(invocation, describe("@BeforeEach", invocationContext, context));
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    session(context).run(invocation, testName(context));
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    session(context).run(invocation, testName(context));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T interceptTestFactoryMethod(
      Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Class<?> returns = invocationContext.getExecutable().getReturnType();
    boolean async =
        Deferred.class.isAssignableFrom(returns) || CompletionStage.class.isAssignableFrom(returns);
    if (!async) {
      return (T) session(context).run(invocation, testName(context));
    }
    Throwable failure = null;
    try {
      session(context).run(invocation, testName(context));
    } catch (Throwable t) {
      failure = t;
    }
    Throwable outcome = failure;
    // The one dynamic test carries the outcome, so reports count it as a test that passed or failed.
    return (T)
        Stream.of(
            DynamicTest.dynamicTest(
                returns.getSimpleName() + " result",
                () -> {
                  if (outcome != null) {
                    throw outcome;
                  }
                }));
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext context)
      throws Throwable {
    TrialSession s = context.getStore(NAMESPACE).get(SESSION, TrialSession.class);
    if (s == null) {
      invocation.proceed();
    } else {
      // A dynamic test's own context has no class: name it after its factory.
      s.run(invocation, testName(context.getParent().orElseThrow()) + " " + context.getDisplayName());
    }
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    session(context).run(invocation, describe("@AfterEach", invocationContext, context));
  }

  private static String describe(
      String kind, ReflectiveInvocationContext<Method> invocation, ExtensionContext context) {
    return kind + " " + invocation.getExecutable().getName() + "() of " + testName(context);
  }

  // ---- parameters ----

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    if (parameterContext.getDeclaringExecutable() instanceof Constructor
        || context.getTestMethod().isEmpty()) {
      return false;
    }
    Class<?> type = parameterContext.getParameter().getType();
    return type == Reactor.class || type == ReactorTime.class || type == NioReactor.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    return session(context).reactor();
  }
}
