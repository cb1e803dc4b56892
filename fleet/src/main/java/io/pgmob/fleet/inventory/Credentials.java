package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a target's password comes from. The secret is read on every connect (so a rotated
 * environment variable or file is picked up) and never appears in {@link #toString()}, which
 * only names the reference.
 *
 * <pre>{@code
 * Credentials.env("PGPASS_PROD")            // environment variable
 * Credentials.file(Path.of("/run/secrets/pg")) // first line of a file
 * Credentials.literal(password)             // from code only; inventory files cannot hold one
 * }</pre>
 */
public abstract class Credentials implements Supplier<CharSequence> {

  private Credentials() {}

  /**
   * The value of environment variable {@code name}. Reading it fails with {@link
   * InvalidInputException} when the variable is not set.
   *
   * @param name the variable's name
   * @return the credentials; the variable is read on each use
   */
  public static Credentials env(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("an environment variable name for credentials must not be empty");
    }
    return new Credentials() {
      @Override
      public CharSequence get() {
        String v = System.getenv(name);
        if (v == null) {
          throw new InvalidInputException("environment variable " + name + " (credentials) is not set");
        }
        return v;
      }

      @Override
      public String reference() {
        return "env:" + name;
      }
    };
  }

  /**
   * The first line of the file at {@code path} (trailing whitespace removed). Reading it fails
   * with {@link InvalidInputException} when the file cannot be read.
   *
   * @param path the file
   * @return the credentials; the file is read on each use
   */
  public static Credentials file(Path path) {
    Objects.requireNonNull(path, "path");
    return new Credentials() {
      @Override
      public CharSequence get() {
        String s = TextFiles.readUtf8(path, "credentials");
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
      }

      @Override
      public String reference() {
        return "file:" + path;
      }
    };
  }

  /**
   * A password given in code. Printed as {@code ***}.
   *
   * @param password the password; copied
   * @return the credentials
   */
  public static Credentials literal(CharSequence password) {
    String copy = Objects.requireNonNull(password, "password").toString();
    return new Credentials() {
      @Override
      public CharSequence get() {
        return copy;
      }

      @Override
      public String reference() {
        return "***";
      }
    };
  }

  /**
   * Parses a reference as written in an inventory file: {@code env:NAME} or {@code file:PATH}.
   *
   * @param reference {@code env:NAME} or {@code file:PATH}
   * @return the credentials
   * @throws InvalidInputException for anything else (literal passwords are refused in files)
   */
  public static Credentials parse(String reference) {
    if (reference.startsWith("env:")) {
      return env(reference.substring(4));
    }
    if (reference.startsWith("file:")) {
      return file(Path.of(reference.substring(5)));
    }
    throw new InvalidInputException("a password reference must be env:NAME or file:PATH"
        + " (passwords are never written inline)");
  }

  /**
   * Reads the credentials of every target now (the secrets are dropped at once) and describes each
   * reference that cannot be read, with the targets that use it, e.g. {@code env:PGPASS (targets
   * eu-1, eu-2): environment variable PGPASS is not set}. Empty when all can be read. Call it
   * before connecting anywhere, so a missing variable or file is reported once, by name, instead
   * of as a failed connection on every cluster. Never includes a secret.
   *
   * @param targets the targets whose credentials to read
   * @return one line per reference that cannot be read; empty when all can
   */
  public static java.util.List<String> unreadable(java.util.Collection<Target> targets) {
    java.util.Map<String, java.util.List<String>> users = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
    for (Target t : targets) {
      Credentials c = t.credentials();
      if (c == null) {
        continue;
      }
      String ref = c.reference();
      if (!problems.containsKey(ref)) {
        try {
          c.get();
          problems.put(ref, null);
        } catch (InvalidInputException e) {
          problems.put(ref, e.getMessage());
        }
      }
      if (problems.get(ref) != null) {
        users.computeIfAbsent(ref, k -> new java.util.ArrayList<>()).add(t.name());
      }
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    users.forEach((ref, names) -> out.add(ref + " (" + (names.size() == 1 ? "target " : "targets ")
        + String.join(", ", names) + "): " + problems.get(ref)));
    return out;
  }

  /** The secret, read now. */
  @Override
  public abstract CharSequence get();

  /** {@return the reference without the secret: {@code env:NAME}, {@code file:PATH} or {@code ***}} */
  public abstract String reference();

  @Override
  public String toString() {
    return reference();
  }
}
