package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** A named object (role, database, table ...) does not exist. */
public class ObjectNotFoundException extends PgmobException {
  /** What kind of object, for example {@code role}. */
  private final String kind;
  /** The object's name. */
  private final String name;

  /** {@code kind} "{@code name}" does not exist on {@code cluster}. */
  public ObjectNotFoundException(String kind, String name, @Nullable String cluster) {
    super(kind + " \"" + name + "\" does not exist", cluster, null, null, null);
    this.kind = kind;
    this.name = name;
  }

  /** {@return what kind of object, for example {@code role}} */
  public String kind() {
    return kind;
  }

  /** {@return the name that was looked up} */
  public String name() {
    return name;
  }
}
