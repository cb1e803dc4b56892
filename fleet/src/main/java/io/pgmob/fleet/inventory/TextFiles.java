package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the text files an operator hands us (SQL, inventories, secrets) with errors that say what
 * is wrong and where: a file that does not exist (with its absolute path), a directory, no
 * permission, or bytes that are not UTF-8 (with the offset of the first bad byte). Never includes
 * the file's content.
 */
public final class TextFiles {

  private TextFiles() {}

  /**
   * The content of {@code file} decoded as UTF-8 (a leading byte order mark is dropped).
   *
   * @param what what the file is, for messages ("SQL", "inventory", "password")
   * @throws InvalidInputException when it cannot be read or is not UTF-8
   */
  public static String readUtf8(Path file, String what) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(file)) {
      throw new InvalidInputException("the " + what + " file " + abs + " is a directory, not a file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("the " + what + " file " + abs + " does not exist");
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("the " + what + " file " + abs + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the " + what + " file " + abs + ": " + e.getClass().getSimpleName()
          + (e.getMessage() != null && !e.getMessage().equals(file.toString()) ? " (" + e.getMessage() + ")" : ""));
    }
    return decode(bytes, "the " + what + " file " + abs);
  }

  /**
   * {@code bytes} decoded as UTF-8, strictly.
   *
   * @param source names the bytes in the message, e.g. "the SQL file /tmp/x.sql"
   * @throws InvalidInputException naming the offset and value of the first byte that is not UTF-8
   */
  public static String decode(byte[] bytes, String source) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new InvalidInputException(source + " is not UTF-8 text: byte 0x"
          + String.format(Locale.ROOT, "%02x", bytes[at] & 0xff) + " at byte offset " + at
          + " (counting from 0, line " + line + ") is not valid UTF-8; save it as UTF-8");
    }
    out.flip();
    String s = out.toString();
    return s.startsWith("\ufeff") ? s.substring(1) : s;
  }
}
