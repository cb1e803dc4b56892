package io.pgmob.fleet.ops;

import io.pgmob.error.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An operation request with missing or wrong fields; {@link #errors()} names each field and what
 * is wrong with it. The message lists them as {@code field: what}.
 */
public final class InvalidRequestException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  /**
   * One field of a request that is missing or wrong.
   *
   * @param field the field's JSON name ({@code connectionLimit}; on the command line {@code
   *     --connection-limit})
   * @param message what is wrong with it
   */
  public record FieldError(String field, String message) {}

  private final transient List<FieldError> errors;

  /** An exception listing {@code errors} (at least one). */
  public InvalidRequestException(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  /** {@return each field that is wrong, in the order they were checked} */
  public List<FieldError> errors() {
    return errors;
  }
}
