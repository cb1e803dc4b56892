package io.pgmob.routine;

/** What a routine is; decides the keyword in {@code ALTER}/{@code DROP}. */
public enum RoutineKind {
  /** A plain function. */
  FUNCTION("FUNCTION"),
  /** A procedure (PostgreSQL 11+), run with {@code CALL}. */
  PROCEDURE("PROCEDURE"),
  /** An aggregate function. */
  AGGREGATE("AGGREGATE"),
  /** A window function (altered and dropped as a function). */
  WINDOW("FUNCTION");

  private final String keyword;

  RoutineKind(String keyword) {
    this.keyword = keyword;
  }

  /** {@return the SQL keyword: {@code FUNCTION}, {@code PROCEDURE} or {@code AGGREGATE}} */
  public String keyword() {
    return keyword;
  }

  static RoutineKind of(String catalog) {
    return switch (catalog) {
      case "procedure" -> PROCEDURE;
      case "aggregate" -> AGGREGATE;
      case "window" -> WINDOW;
      default -> FUNCTION;
    };
  }
}
