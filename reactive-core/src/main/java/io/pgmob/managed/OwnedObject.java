package io.pgmob.managed;

import io.pgmob.managed.Change;

/**
 * A managed object that has an owner role: databases, schemas, tables, views, sequences,
 * routines, large objects. Lets {@link io.pgmob.ClusterObjects#reassignOwner} batch owner changes of
 * objects of different kinds.
 */
public interface OwnedObject {

  /** {@return the owning role's name} */
  String owner();

  /** The change that makes {@code newOwner} own this object (not run). */
  Change ownerChange(String newOwner);
}
