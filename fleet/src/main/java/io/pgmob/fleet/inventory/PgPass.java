package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libpq's password file ({@code .pgpass}): the file named, else {@code PGPASSFILE}, else {@code
 * ~/.pgpass}; lines {@code hostname:port:database:username:password} with {@code *} wildcards in
 * the first four fields, {@code \:} and {@code \\} escapes and {@code #} comments; the first line
 * that matches wins. A file that its group or others may access is ignored with a warning, as
 * libpq ignores it. Only the password of the matching line is kept; messages never hold one.
 */
final class PgPass extends Credentials {

  private static final Logger LOG = LoggerFactory.getLogger(PgPass.class);

  private final @Nullable Path file;
  private final Function<String, String> getenv;
  private final Credentials.@Nullable Endpoint endpoint;

  PgPass(@Nullable Path file, Function<String, String> getenv, Credentials.@Nullable Endpoint endpoint) {
    this.file = file;
    this.getenv = getenv;
    this.endpoint = endpoint;
  }

  @Override
  public Credentials bind(Credentials.Endpoint endpoint) {
    return new PgPass(file, getenv, endpoint);
  }

  private Path path() {
    if (file != null) {
      return file;
    }
    String env = getenv.apply("PGPASSFILE");
    if (env != null && !env.isEmpty()) {
      return Path.of(env);
    }
    String home = getenv.apply("HOME");
    return Path.of(home != null ? home : System.getProperty("user.home"), ".pgpass");
  }

  @Override
  public CharSequence get() {
    Path p = path();
    if (endpoint == null) {
      throw new InvalidInputException("the password file " + p + " is looked up per connection; this reference"
          + " is not bound to a target's host, port, database and user");
    }
    String wanted = endpoint.host() + ":" + endpoint.port() + ":" + endpoint.database() + ":" + endpoint.user();
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException("the password file " + p.toAbsolutePath() + " does not exist (looking up "
          + wanted + ")");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      for (PosixFilePermission bad : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE)) {
        if (perms.contains(bad)) {
          LOG.warn("password file {} has group or world access; permissions should be u=rw (0600) or less:"
              + " ignored, as libpq ignores it", p.toAbsolutePath());
          throw new InvalidInputException("the password file " + p.toAbsolutePath() + " is ignored: it has group"
              + " or world access (chmod 0600 it, as libpq requires)");
        }
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions on this file system: libpq does not check them there either
    }
    String text = TextFiles.readUtf8(p, "password");
    for (String line : text.split("\r?\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = fields(line);
      if (fields.size() < 5) {
        continue;
      }
      if (matches(fields.get(0), endpoint.host()) && matches(fields.get(1), Integer.toString(endpoint.port()))
          && matches(fields.get(2), endpoint.database()) && matches(fields.get(3), endpoint.user())) {
        return fields.get(4);
      }
    }
    throw new InvalidInputException("the password file " + p.toAbsolutePath() + " has no entry for " + wanted);
  }

  /**
   * The fields of a line: the first four split at unescaped colons, the fifth (the password) up
   * to the next unescaped colon or the end; backslash escapes the next character.
   */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>(5);
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':') {
        out.add(cur.toString());
        cur.setLength(0);
        if (out.size() == 5) {
          return out;
        }
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  @Override
  public String reference() {
    return file != null ? "pgpass:" + file : "pgpass";
  }
}
