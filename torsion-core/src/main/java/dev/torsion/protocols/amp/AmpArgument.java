package dev.torsion.protocols.amp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tunes how one record component of a command's arguments or response goes on the wire: its key
 * when it differs from the Java name (a Python peer's {@code from}), and whether it may be left
 * out (Twisted's {@code optional=True}; an optional component is null when absent).
 *
 * <pre>{@code
 * record Send(@AmpArgument(name = "from") String sender, String text,
 *             @AmpArgument(optional = true) Long ttl) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AmpArgument {
  /** The key in the box; empty means the component's own name. */
  String name() default "";

  /** The key may be absent (the component must then be a reference type, null when absent). */
  boolean optional() default false;
}
