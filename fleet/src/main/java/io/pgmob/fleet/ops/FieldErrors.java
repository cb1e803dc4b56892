package io.pgmob.fleet.ops;

import io.pgmob.hba.HbaRule;
import io.pgmob.password.Password;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Collects what is wrong with a request's fields; {@link #check()} throws them all at once. */
final class FieldErrors {

  private final List<InvalidRequestException.FieldError> errors = new ArrayList<>();

  void add(String field, String message) {
    errors.add(new InvalidRequestException.FieldError(field, message));
  }

  /** {@code value}, or null (recorded as "required") when it is missing or blank. */
  @Nullable String required(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      add(field, "required");
      return null;
    }
    return value;
  }

  /** A required pg_hba.conf rule, parsed. */
  @Nullable HbaRule rule(String field, @Nullable String value) {
    String v = required(field, value);
    return v == null ? null : attempt(field, () -> HbaRule.parse(v));
  }

  /** The password {@code ref} names, read by {@code passwords}. */
  @Nullable Password password(@Nullable String ref, Function<String, Password> passwords, boolean required) {
    if (ref == null) {
      if (required) {
        add("passwordRef", "required: \"env:NAME\" or \"file:/path\"");
      }
      return null;
    }
    return attempt("passwordRef", () -> passwords.apply(ref));
  }

  /** {@code s}'s value, or null with its exception's message recorded against {@code field}. */
  <T> @Nullable T attempt(String field, Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      add(field, e.getMessage() != null ? e.getMessage() : e.toString());
      return null;
    }
  }

  /** {@code s}'s value; when it fails, every error so far is thrown with its own. */
  <T> T build(String field, Supplier<T> s) {
    T value = attempt(field, s);
    check();
    if (value == null) {
      throw new IllegalStateException(field + " built nothing");
    }
    return value;
  }

  /** Throws every error recorded so far, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }
}
