package io.pgmob.fleet.internal;

import io.pgmob.fleet.Changed;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether an operation's value says "nothing changed": a {@link Changed}, or any value with
 * a public {@code boolean changed()} method (the {@code EnsureResult}s of managed object kinds
 * live in packages the fleet does not depend on). Looked up once per class.
 */
final class ChangedProbe {

  private static final ClassValue<Optional<MethodHandle>> METHOD = new ClassValue<>() {
    @Override
    protected Optional<MethodHandle> computeValue(Class<?> type) {
      try {
        Method m = type.getMethod("changed");
        if (m.getReturnType() != boolean.class || !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
          return Optional.empty();
        }
        return Optional.of(MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(boolean.class,
            Object.class)));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return Optional.empty();
      }
    }
  };

  private ChangedProbe() {}

  /** Whether {@code value} reports that it changed nothing. */
  static boolean unchanged(@Nullable Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Changed c) {
      return !c.changed();
    }
    Optional<MethodHandle> m = METHOD.get(value.getClass());
    if (m.isEmpty()) {
      return false;
    }
    try {
      return !(boolean) m.get().invokeExact(value);
    } catch (Throwable e) {
      return false;
    }
  }
}
