package io.pgmob.error;

/** Input refused on the client before anything was sent: an invalid name, option or value. */
public class InvalidInputException extends PgmobException {
  /** Input refused; {@code reason} names what was wrong. */
  public InvalidInputException(String reason) {
    super(reason);
  }
}
