package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a target's password comes from: the credential providers behind one interface. The
 * secret is read on every connect (so a rotated environment variable or file is picked up; a
 * command's token is kept until it expires) and never appears in {@link #toString()}, which only
 * names the reference. {@link #fetch()} is the asynchronous form every connect uses; {@link
 * #get()} the synchronous one (it may run a command: not on an event loop).
 *
 * <pre>{@code
 * Credentials.env("PGPASS_PROD")            // env:PGPASS_PROD, an environment variable
 * Credentials.file(Path.of("/run/secrets/pg")) // file:PATH, the first line of a file
 * Credentials.pgpassword()                  // pgpassword, libpq's PGPASSWORD
 * Credentials.pgpass()                      // pgpass, libpq's password file (PGPASSFILE or ~/.pgpass)
 * Credentials.libpq()                       // libpq, PGPASSWORD if set, else the password file
 * Credentials.exec(List.of("vault-token", "db1")) // exec:CMD ARGS, a command's token, kept until it expires
 * Credentials.literal(password)             // from code only; inventory files cannot hold one
 * }</pre>
 *
 * <p>The password-file providers look up the entry of the target's host, port, database and user:
 * a target binds them with {@link #bind(Endpoint)}; unbound, they fail naming what is missing.
 */
public abstract class Credentials implements Supplier<CharSequence> {

  Credentials() {}

  /**
   * The connection a password is for, as a password file matches it.
   *
   * @param host the host as configured
   * @param port the port
   * @param database the database
   * @param user the login role
   */
  public record Endpoint(String host, int port, String database, String user) {}

  /**
   * These credentials for connections to {@code endpoint}: the password-file providers look up its
   * entry; the others are the same for every connection and return themselves.
   */
  public Credentials bind(Endpoint endpoint) {
    return this;
  }

  /**
   * The secret, asynchronously: what each connect asks. Runs {@link #get()} on a thread that may
   * block (reading a file, running a command). Fails with {@link InvalidInputException} naming the
   * reference when the secret cannot be had.
   */
  public reactor.core.publisher.Mono<CharSequence> fetch() {
    return reactor.core.publisher.Mono.fromCallable(this::get)
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
  }

  /** libpq's {@code PGPASSWORD} environment variable. Reference {@code pgpassword}. */
  public static Credentials pgpassword() {
    return pgpassword(System::getenv);
  }

  static Credentials pgpassword(java.util.function.Function<String, String> getenv) {
    return new Credentials() {
      @Override
      public CharSequence get() {
        String v = getenv.apply("PGPASSWORD");
        if (v == null) {
          throw new InvalidInputException("environment variable PGPASSWORD (credentials) is not set");
        }
        return v;
      }

      @Override
      public String reference() {
        return "pgpassword";
      }
    };
  }

  /**
   * libpq's password file: {@code PGPASSFILE}, else {@code ~/.pgpass}, read with libpq's rules
   * (see {@link #pgpass(Path)}). Reference {@code pgpass}.
   */
  public static Credentials pgpass() {
    return new PgPass(null, System::getenv, null);
  }

  /**
   * The password file at {@code file}, read with libpq's rules: lines {@code
   * hostname:port:database:username:password}, {@code *} matching anything in the first four
   * fields, {@code \:} and {@code \\} escaping, {@code #} comments, the first matching line
   * wins; a file that its group or others may read is ignored (with a warning), as libpq does.
   * Reference {@code pgpass:PATH}. Reading fails, naming the file and the connection, when the
   * file is missing, ignored, or has no entry for the connection.
   */
  public static Credentials pgpass(Path file) {
    return new PgPass(Objects.requireNonNull(file, "file"), System::getenv, null);
  }

  /**
   * libpq's order: {@code PGPASSWORD} when it is set, else the password file ({@code PGPASSFILE}
   * or {@code ~/.pgpass}). Reference {@code libpq}.
   */
  public static Credentials libpq() {
    return libpq(System::getenv);
  }

  static Credentials libpq(java.util.function.Function<String, String> getenv) {
    return new LibPq(getenv, null);
  }

  /**
   * A command's token, kept until it expires (the way kubectl credential plugins work): the
   * command (no shell; the first word is the program) prints either the secret alone, or JSON
   * {@code {"token": "...", "expiresAt": "2027-01-01T00:00:00Z"}} (also {@code password} for
   * {@code token}, and kubectl's {@code ExecCredential} form {@code {"status": {"token": ...,
   * "expirationTimestamp": ...}}}). A token with an expiry is reused until 10 seconds before it;
   * one without is kept for the life of the process. The command runs at most once at a time
   * (concurrent connects wait for its token) and must finish within 30 seconds. Its output never
   * reaches a message or log. Reference {@code exec:COMMAND ARGS}.
   */
  public static Credentials exec(java.util.List<String> command) {
    return new ExecCredentials(command, java.time.Clock.systemUTC());
  }

  static Credentials exec(java.util.List<String> command, java.time.Clock clock) {
    return new ExecCredentials(command, clock);
  }

  /** PGPASSWORD if set, else the password file; bound to an endpoint for the file's lookup. */
  private static final class LibPq extends Credentials {
    private final java.util.function.Function<String, String> getenv;
    private final @org.jspecify.annotations.Nullable Endpoint endpoint;

    LibPq(java.util.function.Function<String, String> getenv, @org.jspecify.annotations.Nullable Endpoint endpoint) {
      this.getenv = getenv;
      this.endpoint = endpoint;
    }

    @Override
    public Credentials bind(Endpoint endpoint) {
      return new LibPq(getenv, endpoint);
    }

    @Override
    public CharSequence get() {
      String v = getenv.apply("PGPASSWORD");
      if (v != null) {
        return v;
      }
      return new PgPass(null, getenv, endpoint).get();
    }

    @Override
    public String reference() {
      return "libpq";
    }
  }

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
   * Also {@code pgpassword}, {@code pgpass}, {@code pgpass:PATH}, {@code libpq} and {@code
   * exec:COMMAND ARGS}.
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
    if (reference.startsWith("pgpass:")) {
      return pgpass(Path.of(reference.substring(7)));
    }
    if (reference.startsWith("exec:")) {
      java.util.List<String> words = java.util.Arrays.stream(reference.substring(5).trim().split("\\s+"))
          .filter(w -> !w.isEmpty()).toList();
      if (words.isEmpty()) {
        throw new InvalidInputException("exec: needs a command, e.g. exec:/usr/local/bin/db-token db1");
      }
      return exec(words);
    }
    switch (reference) {
      case "pgpass":
        return pgpass();
      case "pgpassword":
        return pgpassword();
      case "libpq":
        return libpq();
      default:
        throw new InvalidInputException("a password reference must be env:NAME, file:PATH, pgpassword, pgpass,"
            + " pgpass:PATH, libpq or exec:COMMAND (passwords are never written inline)");
    }
  }

  /**
   * Reads the credentials of every target now (the password and the client key's {@code
   * sslpassword}; the secrets are dropped at once), checks that its TLS files ({@code sslrootcert},
   * {@code sslcert}, {@code sslkey}) can be read, and describes each reference that cannot be read, with the targets that use it, e.g. {@code env:PGPASS (targets
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
      java.util.Map<String, java.util.function.Supplier<?>> refs = new java.util.LinkedHashMap<>();
      if (t.credentials() != null) {
        refs.put(t.credentials().reference(), t.credentials());
      }
      if (t.sslPassword() != null) {
        refs.put("sslpassword " + t.sslPassword().reference(), t.sslPassword());
      }
      tlsFile(refs, "sslrootcert", t.spec().sslRootCert());
      tlsFile(refs, "sslcert", t.spec().sslCert());
      tlsFile(refs, "sslkey", t.spec().sslKey());
      refs.forEach((ref, reader) -> {
        if (!problems.containsKey(ref)) {
          try {
            reader.get();
            problems.put(ref, null);
          } catch (InvalidInputException e) {
            problems.put(ref, e.getMessage());
          }
        }
        if (problems.get(ref) != null) {
          users.computeIfAbsent(ref, k -> new java.util.ArrayList<>()).add(t.name());
        }
      });
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    users.forEach((ref, names) -> out.add(ref + " (" + (names.size() == 1 ? "target " : "targets ")
        + String.join(", ", names) + "): " + problems.get(ref)));
    return out;
  }

  private static void tlsFile(java.util.Map<String, java.util.function.Supplier<?>> refs, String parameter,
      @org.jspecify.annotations.Nullable Path file) {
    if (file != null) {
      refs.put(parameter + " " + file, () -> {
        if (!java.nio.file.Files.isReadable(file)) {
          throw new InvalidInputException(java.nio.file.Files.exists(file) ? "cannot be read" : "does not exist");
        }
        return file;
      });
    }
  }

  /** The secret, read now. */
  @Override
  public abstract CharSequence get();

  /** {@return the reference without the secret, e.g. {@code env:NAME}, {@code file:PATH}, {@code exec:CMD} or {@code ***}} */
  public abstract String reference();

  @Override
  public String toString() {
    return reference();
  }
}
