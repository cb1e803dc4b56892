package io.pgmob.hba;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.SqlText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One client authentication rule of {@code pg_hba.conf}. Immutable.
 *
 * <pre>{@code
 * HbaRule r = HbaRule.parse("hostssl  app,reports  +readers  10.1.0.0 255.255.0.0  scram-sha-256");
 * HbaRule s = HbaRule.host("app", "alice", "10.1.2.3/32", "reject");
 * HbaRule t = HbaRule.local("all", "postgres", "peer").withOption("map", "admins");
 * }</pre>
 *
 * <p>Databases, users, address and options are written as in {@code pg_hba.conf}: {@code all},
 * {@code sameuser}, {@code replication}, {@code +group}, {@code @file} are keywords there, and a
 * double-quoted token such as {@code "all"} names a database or role literally.
 *
 * <p>{@link #equals(Object)} compares meaning, not spelling: spacing, the order within a
 * comma-separated list, {@code address/prefix} versus {@code address netmask}, host bits under the
 * mask, IPv6 notation and host-name case do not matter; quoting does ({@code all} is not {@code
 * "all"}).
 */
public final class HbaRule {

  /** The connection types pg_hba.conf knows. */
  public static final Set<String> TYPES = Set.of("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc");

  private static final Set<String> ADDRESS_KEYWORDS = Set.of("all", "samehost", "samenet");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final String type;
  private final List<String> databases;
  private final List<String> users;
  private final @Nullable String address;
  private final @Nullable String netmask;
  private final String method;
  private final Map<String, String> options;

  private HbaRule(String type, List<String> databases, List<String> users, @Nullable String address,
      @Nullable String netmask, String method, Map<String, String> options) {
    this.type = type;
    this.databases = List.copyOf(databases);
    this.users = List.copyOf(users);
    this.address = address;
    this.netmask = netmask;
    this.method = method;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    validate();
  }

  /** A {@code local} (Unix socket) rule. */
  public static HbaRule local(String databases, String users, String method) {
    return new HbaRule("local", split(databases), split(users), null, null, method, Map.of());
  }

  /**
   * A {@code host} rule; {@code address} is {@code addr/prefix}, a host name, or {@code all},
   * {@code samehost}, {@code samenet}.
   */
  public static HbaRule host(String databases, String users, String address, String method) {
    return new HbaRule("host", split(databases), split(users), address, null, method, Map.of());
  }

  /**
   * Parses one rule line (a trailing comment is allowed and dropped).
   *
   * @throws InvalidInputException if the line is not a rule
   */
  public static HbaRule parse(String line) {
    HbaRule r = tryParse(line);
    if (r == null) {
      throw new InvalidInputException("not a pg_hba.conf rule: " + line);
    }
    return r;
  }

  /** The rule on a logical line; null for a blank, comment or include line. Bad rules throw. */
  static @Nullable HbaRule tryParse(String line) {
    List<List<String>> fields = HbaTokenizer.fields(line);
    if (fields.isEmpty()) {
      return null;
    }
    String first = single(fields.get(0), "connection type", line);
    if (first.startsWith("include")) {
      return null;
    }
    if (!TYPES.contains(first)) {
      throw new InvalidInputException("unknown pg_hba.conf connection type \"" + first + "\" in: " + line);
    }
    int i = 1;
    if (fields.size() < (first.equals("local") ? 4 : 5)) {
      throw new InvalidInputException("incomplete pg_hba.conf rule: " + line);
    }
    List<String> dbs = fields.get(i++);
    List<String> users = fields.get(i++);
    String address = null;
    String mask = null;
    if (!first.equals("local")) {
      address = single(fields.get(i++), "address", line);
      if (!address.contains("/") && isIpLiteral(address) && i < fields.size()
          && isIpLiteral(single(fields.get(i), "netmask", line))) {
        mask = fields.get(i++).get(0);
      }
    }
    if (i >= fields.size()) {
      throw new InvalidInputException("pg_hba.conf rule without an authentication method: " + line);
    }
    String method = single(fields.get(i++), "method", line);
    Map<String, String> options = new LinkedHashMap<>();
    for (; i < fields.size(); i++) {
      String opt = String.join(",", fields.get(i));
      int eq = opt.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException("pg_hba.conf option is not name=value: \"" + opt + "\" in: " + line);
      }
      options.put(opt.substring(0, eq), opt.substring(eq + 1));
    }
    return new HbaRule(first, dbs, users, address, mask, method, options);
  }

  private static String single(List<String> field, String what, String line) {
    if (field.size() != 1) {
      throw new InvalidInputException("the " + what + " of a pg_hba.conf rule cannot be a list: " + line);
    }
    return field.get(0);
  }

  private static List<String> split(String list) {
    Objects.requireNonNull(list, "list");
    List<List<String>> f = HbaTokenizer.fields(list);
    if (f.size() != 1) {
      throw new InvalidInputException("expected one pg_hba.conf field (comma-separated, no spaces): " + list);
    }
    return f.get(0);
  }

  private void validate() {
    if (!TYPES.contains(type)) {
      throw new InvalidInputException("unknown pg_hba.conf connection type \"" + type + "\"");
    }
    if (databases.isEmpty() || users.isEmpty()) {
      throw new InvalidInputException("a pg_hba.conf rule needs a database and a user");
    }
    databases.forEach(t -> checkToken(t, "database"));
    users.forEach(t -> checkToken(t, "user"));
    if (type.equals("local") != (address == null)) {
      throw new InvalidInputException(type.equals("local") ? "a local rule has no address"
          : "a " + type + " rule needs an address");
    }
    if (address != null) {
      checkToken(address, "address");
    }
    if (netmask != null) {
      checkToken(netmask, "netmask");
    }
    checkToken(method, "method");
    options.forEach((k, v) -> {
      checkToken(k, "option name");
      if (k.contains("=")) {
        throw new InvalidInputException("pg_hba.conf option name contains '=': " + k);
      }
      if (!v.isEmpty()) {
        checkToken(v, "option value");
      }
    });
  }

  /** A token must survive a write and a re-read unchanged: no unquoted blank, comma, '#' or quote. */
  private static void checkToken(String token, String what) {
    if (token.isEmpty()) {
      throw new InvalidInputException("empty pg_hba.conf " + what);
    }
    SqlText.check(token, "pg_hba.conf " + what);
    List<List<String>> f;
    try {
      f = HbaTokenizer.fields(token);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("invalid pg_hba.conf " + what + " " + token + ": " + e.reason());
    }
    if (f.size() != 1 || f.get(0).size() != 1 || !f.get(0).get(0).equals(token)
        || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0 || token.indexOf('\0') >= 0) {
      throw new InvalidInputException("invalid pg_hba.conf " + what + " \"" + token
          + "\": write it as in pg_hba.conf (double-quote names with blanks, commas or '#')");
    }
  }

  /**
   * A copy with another connection type ({@code hostssl}, ...). Turning a rule into {@code local}
   * drops its address; turning a {@code local} rule into a host type gives it the address {@code all}.
   */
  public HbaRule withType(String type) {
    return new HbaRule(type, databases, users, type.equals("local") ? null : address == null ? "all" : address,
        type.equals("local") ? null : netmask, method, options);
  }

  /** A copy with another method. */
  public HbaRule withMethod(String method) {
    return new HbaRule(type, databases, users, address, netmask, method, options);
  }

  /** A copy with the option {@code name=value} added or replaced. */
  public HbaRule withOption(String name, String value) {
    Map<String, String> o = new LinkedHashMap<>(options);
    o.put(name, value);
    return new HbaRule(type, databases, users, address, netmask, method, o);
  }

  /** {@return {@code local}, {@code host}, {@code hostssl}, } */
  public String type() {
    return type;
  }

  /** {@return the database tokens, as written} */
  public List<String> databases() {
    return databases;
  }

  /** {@return the user tokens, as written} */
  public List<String> users() {
    return users;
  }

  /** {@return the address token ({@code 10.0.0.0/8}, a host name, {@code samehost} ...); null for local rules} */
  public @Nullable String address() {
    return address;
  }

  /** {@return the separate netmask token, when the address is written as address + netmask} */
  public @Nullable String netmask() {
    return netmask;
  }

  /** {@return the authentication method ({@code scram-sha-256}, {@code reject}, {@code trust} ...)} */
  public String method() {
    return method;
  }

  /** {@return the method options, {@code name -> value}, in order} */
  public Map<String, String> options() {
    return options;
  }

  /** {@return the rule as a pg_hba.conf line (fields separated by single spaces, no line terminator)} */
  public String render() {
    List<String> parts = new ArrayList<>();
    parts.add(type);
    parts.add(String.join(",", databases));
    parts.add(String.join(",", users));
    if (address != null) {
      parts.add(address);
    }
    if (netmask != null) {
      parts.add(netmask);
    }
    parts.add(method);
    options.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  // ---- meaning

  /**
   * Whether this rule matches every connection {@code later} matches, so that {@code later}, placed
   * after this rule, never applies (the server uses the first matching rule and never falls
   * through, whatever its method). Conservative: true only when it holds for any catalog and any
   * client, so {@code @file} lists, regular expressions and host names count only when written
   * alike.
   */
  public boolean matchesEveryConnectionOf(HbaRule later) {
    Objects.requireNonNull(later, "later");
    return coversType(type, later.type)
        && coversTokens(databases, later.databases, true)
        && coversTokens(users, later.users, false)
        && coversAddress(later);
  }

  private static boolean coversType(String earlier, String later) {
    return earlier.equals(later)
        || earlier.equals("host") && !later.equals("local")
        // a GSS-encrypted connection is never SSL, and an SSL one never GSS-encrypted
        || earlier.equals("hostnossl") && later.equals("hostgssenc")
        || earlier.equals("hostnogssenc") && later.equals("hostssl");
  }

  private static boolean coversTokens(List<String> earlier, List<String> later, boolean databases) {
    if (earlier.contains("all")) {
      // "all" does not match the physical replication pseudo-database
      return !databases || !later.contains("replication");
    }
    return earlier.containsAll(later);
  }

  private boolean coversAddress(HbaRule later) {
    if (address == null || later.address == null) {
      return address == null && later.address == null;
    }
    if (address.equals("all")) {
      return true;
    }
    String mine = canonicalAddress();
    String theirs = later.canonicalAddress();
    if (Objects.equals(mine, theirs)) {
      return true;
    }
    byte[] net = networkBytes(mine);
    byte[] other = networkBytes(theirs);
    if (net == null || other == null || net.length != other.length) {
      return false;
    }
    int prefix = prefixLength(mine);
    if (prefix > prefixLength(theirs)) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int m = 0x80 >>> (bit % 8);
      if ((net[bit / 8] & m) != (other[bit / 8] & m)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a canonical {@code network/prefix}, or null for a name or keyword. */
  private static byte @Nullable [] networkBytes(@Nullable String canonical) {
    if (canonical == null || canonical.indexOf('/') < 0) {
      return null;
    }
    String ip = canonical.substring(0, canonical.indexOf('/'));
    if (!isIpLiteral(ip) || !canonical.substring(canonical.indexOf('/') + 1).matches("[0-9]{1,3}")) {
      return null;
    }
    try {
      return InetAddress.getByName(ip).getAddress(); // a literal: no name lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static int prefixLength(String canonical) {
    return Integer.parseInt(canonical.substring(canonical.indexOf('/') + 1));
  }

  static boolean isIpLiteral(String s) {
    return IPV4.matcher(s).matches() || IPV6.matcher(s).matches();
  }

  /** The address in a canonical form: masked network + prefix length, or lower-case name. */
  @Nullable String canonicalAddress() {
    if (address == null) {
      return null;
    }
    if (ADDRESS_KEYWORDS.contains(address)) {
      return address;
    }
    String ip = address;
    Integer prefix = null;
    int slash = address.indexOf('/');
    if (slash >= 0) {
      ip = address.substring(0, slash);
      String bits = address.substring(slash + 1);
      // ASCII digits only, as the server reads them (parseInt would also take other scripts' digits)
      if (!bits.matches("[0-9]{1,3}")) {
        return address.toLowerCase(Locale.ROOT);
      }
      prefix = Integer.parseInt(bits);
    }
    if (!isIpLiteral(ip)) {
      return address.toLowerCase(Locale.ROOT);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(ip).getAddress(); // a literal: no name lookup
    } catch (UnknownHostException e) {
      return address.toLowerCase(Locale.ROOT);
    }
    if (prefix == null && netmask != null) {
      prefix = prefixOf(netmask);
      if (prefix == null) {
        return address + " " + netmask;
      }
    }
    if (prefix == null) {
      prefix = bytes.length * 8;
    }
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private static @Nullable Integer prefixOf(String netmask) {
    if (!isIpLiteral(netmask)) {
      return null;
    }
    byte[] m;
    try {
      m = InetAddress.getByName(netmask).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    int bits = 0;
    boolean zero = false;
    for (byte b : m) {
      for (int i = 7; i >= 0; i--) {
        boolean one = ((b >> i) & 1) == 1;
        if (one && zero) {
          return null; // not contiguous
        }
        if (one) {
          bits++;
        } else {
          zero = true;
        }
      }
    }
    return bits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HbaRule r && r.type.equals(type)
        && new LinkedHashSet<>(r.databases).equals(new LinkedHashSet<>(databases))
        && new LinkedHashSet<>(r.users).equals(new LinkedHashSet<>(users))
        && Objects.equals(r.canonicalAddress(), canonicalAddress())
        && r.method.equals(method) && r.options.equals(options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Set.copyOf(databases), Set.copyOf(users), canonicalAddress(), method, options);
  }

  /** The rule as a pg_hba.conf line. */
  @Override
  public String toString() {
    return render();
  }
}
