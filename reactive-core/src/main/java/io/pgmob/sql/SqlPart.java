package io.pgmob.sql;

/** Something that renders into SQL text: a {@link Sql}, {@link Identifier}, {@link QualifiedName} or {@link Literal}. */
public sealed interface SqlPart permits Sql, Identifier, QualifiedName, Literal {

  /**
   * Appends this part's SQL text to {@code out}; with {@code redact}, secret literals render as
   * {@code '***'}.
   */
  void appendTo(StringBuilder out, boolean redact);

  /** {@return the exact SQL text, secrets included: only for sending to the server} */
  default String text() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, false);
    return sb.toString();
  }

  /** {@return the SQL text with secrets replaced by {@code '***'}: safe for logs, plans and errors} */
  default String redacted() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, true);
    return sb.toString();
  }
}
