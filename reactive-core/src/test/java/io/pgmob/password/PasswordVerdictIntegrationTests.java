package io.pgmob.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@link Password#hashed} against the server's own verdict. For valid and malformed verifiers the
 * server either keeps the value verbatim in {@code pg_authid.rolpassword} (it parsed it as a
 * verifier) or hashes it as a plaintext. The model of each version's rule predicts that exactly,
 * and {@code Password.hashed} accepts a value exactly when every supported version keeps it.
 */
@PgTest
class PasswordVerdictIntegrationTests {

  /** A corpus of candidate hashes, by what each one tries. */
  static Map<String, String> corpus() {
    Base64.Encoder b64 = Base64.getEncoder();
    String salt = b64.encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i * 7 + 3);
    }
    String key = b64.encodeToString(k); // 44 characters, one '='
    String key2 = b64.encodeToString(java.util.Arrays.copyOf(salt.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32));
    Map<String, String> c = new LinkedHashMap<>();
    c.put("valid", v("4096", salt, key, key2));
    c.put("computed", ScramVerifier.compute("correct horse").text());
    c.put("leading $ before the mechanism", "$" + v("4096", salt, key, key2));
    c.put("two leading $", "$$" + v("4096", salt, key, key2));
    c.put("lower-case mechanism", v("4096", salt, key, key2).replace("SCRAM-SHA-256", "scram-sha-256"));
    c.put("other mechanism", v("4096", salt, key, key2).replace("SCRAM-SHA-256", "SCRAM-SHA-1"));
    c.put("mechanism only", "SCRAM-SHA-256$");
    c.put("no server key", "SCRAM-SHA-256$4096:" + salt + "$" + key);
    c.put("empty server key", "SCRAM-SHA-256$4096:" + salt + "$" + key + ":");
    // iteration counts
    c.put("iterations with a leading blank", v(" 4096", salt, key, key2));
    c.put("iterations with a leading tab", v("\t4096", salt, key, key2));
    c.put("iterations with a leading vertical tab", v("\u000b4096", salt, key, key2));
    c.put("iterations with a leading no-break space", v("\u00a04096", salt, key, key2));
    c.put("iterations with a trailing blank", v("4096 ", salt, key, key2));
    c.put("iterations with a plus sign", v("+4096", salt, key, key2));
    c.put("negative iterations", v("-4096", salt, key, key2));
    c.put("zero iterations", v("0", salt, key, key2));
    c.put("sign only", v("-", salt, key, key2));
    // 2^32 + 4096: a long, which the server truncates to an int of 4096 (a large count would make
    // ALTER ROLE itself spin: it checks the verifier against the empty password)
    c.put("iterations beyond int", v("4294971392", salt, key, key2));
    c.put("iterations beyond long", v("99999999999999999999", salt, key, key2));
    c.put("hex iterations", v("0x1000", salt, key, key2));
    c.put("decimal point", v("4096.0", salt, key, key2));
    c.put("Arabic-Indic digits", v("\u0664\u0660\u0669\u0666", salt, key, key2));
    c.put("extended Arabic-Indic digits", v("\u06f4\u06f0\u06f9\u06f6", salt, key, key2));
    c.put("Devanagari digits", v("\u096a\u0966\u096f\u096c", salt, key, key2));
    c.put("fullwidth digits", v("\uff14\uff10\uff19\uff16", salt, key, key2));
    c.put("a leading colon before the iterations", "SCRAM-SHA-256$:4096:" + salt + "$" + key + ":" + key2);
    c.put("empty iterations", "SCRAM-SHA-256$:" + salt + "$" + key + ":" + key2);
    c.put("empty salt", "SCRAM-SHA-256$4096:$" + key + ":" + key2);
    c.put("empty mechanism", "$4096:" + salt + "$" + key + ":" + key2);
    c.put("a $ before the iterations", "SCRAM-SHA-256$$4096:" + salt + "$" + key + ":" + key2);
    // salts
    c.put("unpadded salt", v("4096", salt.replace("=", ""), key, key2));
    c.put("salt with an extra =", v("4096", salt + "=", key, key2));
    c.put("salt with = inside then more groups", v("4096", "Zg==Zg==", key, key2));
    c.put("salt with = then data", v("4096", "AB=CDEFG", key, key2));
    c.put("salt of = only", v("4096", "====", key, key2));
    c.put("salt with = after one character", v("4096", "A===", key, key2));
    c.put("salt of three characters and =", v("4096", "Zm9=", key, key2));
    c.put("salt of one group", v("4096", "Zm9v", key, key2));
    c.put("salt with a blank", v("4096", "Zm9v Zm9v", key, key2));
    c.put("salt with a newline", v("4096", "Zm9v\nZm9v", key, key2));
    c.put("salt with a trailing newline", v("4096", "Zm9v\n", key, key2));
    c.put("url-safe salt", v("4096", "Zm9-_m9v", key, key2));
    c.put("non-ASCII salt", v("4096", "Zm9é", key, key2));
    c.put("salt with a colon", "SCRAM-SHA-256$4096::" + salt + "$" + key + ":" + key2);
    // keys
    c.put("unpadded stored key", v("4096", salt, key.replace("=", ""), key2));
    c.put("31-byte stored key", v("4096", salt, b64.encodeToString(new byte[31]), key2));
    c.put("33-byte stored key", v("4096", salt, b64.encodeToString(new byte[33]), key2));
    c.put("33-byte server key", v("4096", salt, key, b64.encodeToString(new byte[33])));
    c.put("stored key after a colon", "SCRAM-SHA-256$4096:" + salt + "$:" + key + ":" + key2);
    c.put("stored key after a $", "SCRAM-SHA-256$4096:" + salt + "$$" + key + ":" + key2);
    c.put("server key after two colons", "SCRAM-SHA-256$4096:" + salt + "$" + key + "::" + key2);
    c.put("server key with a trailing newline", v("4096", salt, key, key2 + "\n"));
    c.put("server key with a trailing blank", v("4096", salt, key, key2 + " "));
    c.put("server key with a trailing colon", v("4096", salt, key, key2 + ":"));
    c.put("server key with an extra group", v("4096", salt, key, key2 + "AAAA"));
    c.put("server key with extra =", v("4096", salt, key, key2 + "="));
    c.put("server key with = groups", v("4096", salt, key, key2.substring(0, 40) + "AA==" + "AAA="));
    // md5
    c.put("md5", "md5" + "0123456789abcdef0123456789abcdef");
    c.put("md5 upper-case hex", "md5" + "0123456789ABCDEF0123456789ABCDEF");
    c.put("MD5 prefix", "MD5" + "0123456789abcdef0123456789abcdef");
    c.put("md5 31 digits", "md5" + "0123456789abcdef0123456789abcde");
    c.put("md5 33 digits", "md5" + "0123456789abcdef0123456789abcdef0");
    c.put("md5 non-hex", "md5" + "0123456789abcdef0123456789abcdeg");
    c.put("md5 Arabic-Indic digit", "md5" + "\u0660123456789abcdef0123456789abcdef");
    c.put("md5 fullwidth digit", "md5" + "\uff10123456789abcdef0123456789abcdef");
    c.put("md5 trailing blank", "md5" + "0123456789abcdef0123456789abcdef ");
    c.put("md5 leading blank", " md5" + "0123456789abcdef0123456789abcdef");
    c.put("plaintext", "hunter2");
    return c;
  }

  private static String v(String iterations, String salt, String stored, String server) {
    return "SCRAM-SHA-256$" + iterations + ":" + salt + "$" + stored + ":" + server;
  }

  private static boolean accepted(String hash) {
    try {
      Password.hashed(hash);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static boolean keptByModel(String hash, int major) {
    return Password.isMd5Hash(hash) || ScramVerifier.serverParses(hash, major);
  }

  @PgMatrix
  void theServerKeepsAValueVerbatimExactlyWhenPasswordHashedAcceptsIt(Cluster cluster) {
    Identifier role = Identifier.of("pgmob_verdict");
    cluster.update(Sql.format("DROP ROLE IF EXISTS {}", role)).block(Duration.ofSeconds(30));
    cluster.update(Sql.format("CREATE ROLE {}", role)).block(Duration.ofSeconds(30));
    try {
      List<String> disagreements = new ArrayList<>();
      int major = cluster.version().major();
      for (Map.Entry<String, String> e : corpus().entrySet()) {
        String hash = e.getValue();
        cluster.update(Sql.format("ALTER ROLE {} PASSWORD {}", role, Literal.secret(hash))).block(Duration.ofSeconds(30));
        String stored = cluster.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = $1", String.class,
            role.name()).block(Duration.ofSeconds(30));
        boolean keptVerbatim = hash.equals(stored);
        if (keptVerbatim != keptByModel(hash, major)) {
          disagreements.add(e.getKey() + ": PostgreSQL " + major + (keptVerbatim ? " kept it" : " hashed it as plaintext")
              + ", the model of its rule says otherwise");
        }
        if (accepted(hash) && !keptVerbatim) {
          disagreements.add(e.getKey() + ": Password.hashed accepts it, PostgreSQL " + major + " hashed it as plaintext");
        }
        boolean everyVersionKeepsIt = IntStream.rangeClosed(13, 18).allMatch(v -> keptByModel(hash, v));
        if (accepted(hash) != everyVersionKeepsIt) {
          disagreements.add(e.getKey() + ": Password.hashed " + (accepted(hash) ? "accepts" : "refuses")
              + " it, but " + (everyVersionKeepsIt ? "every" : "not every") + " version keeps it");
        }
      }
      assertThat(disagreements).isEmpty();
    } finally {
      cluster.update(Sql.format("DROP ROLE IF EXISTS {}", role)).block(Duration.ofSeconds(30));
    }
  }
}
