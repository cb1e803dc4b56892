package io.pgmob.fleet.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pgmob.error.InvalidInputException;
import io.r2dbc.postgresql.codec.Interval;
import io.r2dbc.postgresql.codec.Json;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Column values as PostgreSQL (and psql) print them, and as JSON values: what the driver decoded
 * (jsonb as a JSON object, bytea as a buffer, interval as an {@link Interval}, arrays as Java
 * arrays, timestamps as {@code java.time}) goes back to the server's text form, never to a Java
 * object dump.
 */
final class PgText {

  private PgText() {}

  /**
   * {@code v} as psql shows it: null as the empty string, jsonb/json as their text, bytea as
   * {@code \x} and hex, interval in the {@code postgres} style ({@code 1 year 2 mons 3 days
   * 04:05:06}), arrays as {@code {a,"b c",NULL}}, timestamps as {@code 2024-01-02 03:04:05+00}.
   */
  static String text(@Nullable Object v) {
    return v == null ? "" : scalar(v);
  }

  private static String scalar(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Json j) {
      return j.asString();
    }
    if (v instanceof byte[] b) {
      return hex(b);
    }
    if (v instanceof ByteBuffer b) {
      return hex(bytes(b));
    }
    if (v instanceof Interval i) {
      return interval(i);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof OffsetDateTime t) {
      return t.toLocalDate() + " " + time(t.toLocalTime()) + offset(t.getOffset());
    }
    if (v instanceof LocalDateTime t) {
      return t.toLocalDate() + " " + time(t.toLocalTime());
    }
    if (v instanceof OffsetTime t) {
      return time(t.toLocalTime()) + offset(t.getOffset());
    }
    if (v instanceof LocalTime t) {
      return time(t);
    }
    if (v.getClass().isArray()) {
      return array(v);
    }
    return v.toString();
  }

  /**
   * {@code v} as a JSON value: jsonb/json as the JSON they hold, arrays as JSON arrays (nested for
   * multi-dimensional ones), numbers and booleans as themselves (NaN and infinities as text, since
   * JSON has no such numbers), everything else as its {@link #text} form.
   */
  static JsonNode json(@Nullable Object v) {
    if (v == null) {
      return NullNode.getInstance();
    }
    if (v instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (v instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (v instanceof Integer i) {
      return IntNode.valueOf(i);
    }
    if (v instanceof Long l) {
      return LongNode.valueOf(l);
    }
    if (v instanceof Short s) {
      return ShortNode.valueOf(s);
    }
    if (v instanceof BigDecimal d) {
      return DecimalNode.valueOf(d);
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(d.toString());
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? FloatNode.valueOf(f) : TextNode.valueOf(f.toString());
    }
    if (v instanceof Json j) {
      String text = j.asString();
      try {
        return FleetJson.parse(text);
      } catch (InvalidInputException e) {
        return TextNode.valueOf(text);
      }
    }
    if (v.getClass().isArray() && !(v instanceof byte[])) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < Array.getLength(v); i++) {
        a.add(json(Array.get(v, i)));
      }
      return a;
    }
    return TextNode.valueOf(text(v));
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(2 + 2 * b.length).append("\\x");
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  private static String array(Object a) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < Array.getLength(a); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object e = Array.get(a, i);
      if (e == null) {
        sb.append("NULL");
      } else if (e.getClass().isArray() && !(e instanceof byte[])) {
        sb.append(array(e));
      } else {
        sb.append(element(scalar(e)));
      }
    }
    return sb.append('}').toString();
  }

  /** An array element, double-quoted as array_out does when it must be. */
  private static String element(String s) {
    boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n'
          || c == '\r' || c == '\u000b' || c == '\f';
    }
    if (!quote) {
      return s;
    }
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String time(LocalTime t) {
    String s = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    return s + fraction(t.getNano() / 1000);
  }

  private static String offset(ZoneOffset o) {
    int total = o.getTotalSeconds();
    int abs = Math.abs(total);
    String s = (total < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", abs / 3600);
    if (abs % 3600 != 0) {
      s += String.format(Locale.ROOT, ":%02d", abs % 3600 / 60);
      if (abs % 60 != 0) {
        s += String.format(Locale.ROOT, ":%02d", abs % 60);
      }
    }
    return s;
  }

  /** Microseconds as ".123456" with trailing zeros removed; nothing when zero. */
  private static String fraction(int micros) {
    if (micros == 0) {
      return "";
    }
    String f = String.format(Locale.ROOT, "%06d", Math.abs(micros));
    int end = f.length();
    while (f.charAt(end - 1) == '0') {
      end--;
    }
    return "." + f.substring(0, end);
  }

  /** The {@code postgres} IntervalStyle, as the server's EncodeInterval writes it. */
  static String interval(Interval i) {
    StringBuilder sb = new StringBuilder();
    boolean[] zeroAndBefore = {true, false};
    part(sb, i.getYears(), "year", zeroAndBefore);
    part(sb, i.getMonths(), "mon", zeroAndBefore);
    part(sb, i.getDays(), "day", zeroAndBefore);
    int h = i.getHours();
    int m = i.getMinutes();
    int s = i.getSecondsInMinute();
    int us = i.getMicrosecondsInSecond();
    if (zeroAndBefore[0] || h != 0 || m != 0 || s != 0 || us != 0) {
      boolean minus = h < 0 || m < 0 || s < 0 || us < 0;
      sb.append(zeroAndBefore[0] ? "" : " ").append(minus ? "-" : zeroAndBefore[1] ? "+" : "")
          .append(String.format(Locale.ROOT, "%02d:%02d:%02d", Math.abs(h), Math.abs(m), Math.abs(s)))
          .append(fraction(us));
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, int value, String unit, boolean[] zeroAndBefore) {
    if (value == 0) {
      return;
    }
    sb.append(zeroAndBefore[0] ? "" : " ").append(zeroAndBefore[1] && value > 0 ? "+" : "")
        .append(value).append(' ').append(unit).append(value != 1 ? "s" : "");
    zeroAndBefore[1] = value < 0;
    zeroAndBefore[0] = false;
  }
}
