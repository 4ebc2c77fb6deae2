package dev.torsion.protocols.amp.internal;

import dev.torsion.protocols.amp.AmpArgument;
import dev.torsion.protocols.amp.AmpBox;
import dev.torsion.protocols.amp.Argument;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a record to the keys of a box and back, one key per component, the argument type chosen
 * from the component's Java type. {@code Void} stands for "no keys".
 */
public final class RecordCodec<T> {
  private record Field(String key, Method accessor, Argument<Object> argument, boolean optional) {}

  private final Class<T> type;
  private final List<Field> fields = new ArrayList<>();
  private final Constructor<T> constructor;

  @SuppressWarnings("unchecked")
  public RecordCodec(Class<T> type) {
    this.type = type;
    if (type == Void.class) {
      constructor = null;
      return;
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record (nor Void)");
    }
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      AmpArgument a = c.getAnnotation(AmpArgument.class);
      String key = a == null || a.name().isEmpty() ? c.getName() : a.name();
      boolean optional = a != null && a.optional();
      if (optional && c.getType().isPrimitive()) {
        throw new IllegalArgumentException(type.getSimpleName() + "." + c.getName()
            + " is optional, so it must be a boxed type, not " + c.getType());
      }
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      fields.add(new Field(key, accessor, (Argument<Object>) argumentFor(c.getGenericType(), type), optional));
    }
    try {
      constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
    }
  }

  /** The argument type for a Java type: long, int, BigInteger, String, byte[], boolean... */
  public static Argument<?> argumentFor(Type t, Class<?> owner) {
    if (t == long.class || t == Long.class) {
      return Argument.INTEGER;
    }
    if (t == int.class || t == Integer.class) {
      return Argument.INT;
    }
    if (t == BigInteger.class) {
      return Argument.BIG_INTEGER;
    }
    if (t == String.class) {
      return Argument.UNICODE;
    }
    if (t == byte[].class) {
      return Argument.BYTES;
    }
    if (t == boolean.class || t == Boolean.class) {
      return Argument.BOOLEAN;
    }
    if (t == double.class || t == Double.class) {
      return Argument.FLOAT;
    }
    if (t == BigDecimal.class) {
      return Argument.DECIMAL;
    }
    if (t == OffsetDateTime.class) {
      return Argument.DATETIME;
    }
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      if (element instanceof Class<?> c && c.isRecord()) {
        return ampList(new RecordCodec<>(c));
      }
      return Argument.listOf(argumentFor(element, owner));
    }
    throw new IllegalArgumentException(owner.getSimpleName() + ": no AMP argument type for " + t
        + " (use long, int, BigInteger, String, byte[], boolean, double, BigDecimal,"
        + " OffsetDateTime, or a List of one of those or of a record)");
  }

  /** Twisted's {@code AmpList}: each element a whole serialized box, all in one value. */
  public static <E> Argument<List<E>> ampList(RecordCodec<E> codec) {
    return new Argument<>() {
      @Override
      public byte[] toBytes(List<E> value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (E e : value) {
          out.writeBytes(codec.toBox(e, new AmpBox()).serialize());
        }
        return out.toByteArray();
      }

      @Override
      public List<E> fromBytes(byte[] bytes) {
        List<E> out = new ArrayList<>();
        for (AmpBox box : AmpBox.parse(bytes)) {
          out.add(codec.fromBox(box));
        }
        return out;
      }
    };
  }

  public Class<T> type() {
    return type;
  }

  /** Puts the value's components into {@code box}; null optional components are left out. */
  public AmpBox toBox(T value, AmpBox box) {
    if (constructor == null) {
      return box;
    }
    if (value == null) {
      throw new IllegalArgumentException("null " + type.getSimpleName());
    }
    for (Field f : fields) {
      Object v;
      try {
        v = f.accessor.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + f.key, e);
      }
      if (v == null) {
        if (f.optional) {
          continue;
        }
        throw new IllegalArgumentException(type.getSimpleName() + "." + f.key + " is null but not optional");
      }
      box.put(f.key, f.argument.toBytes(v));
    }
    return box;
  }

  /**
   * The record from the box's keys (others are ignored, as Twisted does).
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public T fromBox(AmpBox box) {
    if (constructor == null) {
      return null;
    }
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field f = fields.get(i);
      byte[] raw = box.get(f.key);
      if (raw == null) {
        if (!f.optional) {
          throw new IllegalArgumentException("missing key '" + f.key + "'");
        }
        continue;
      }
      try {
        values[i] = f.argument.fromBytes(raw);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("key '" + f.key + "': " + e.getMessage(), e);
      }
    }
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }
}
