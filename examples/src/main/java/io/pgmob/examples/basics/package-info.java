/**
 * Every example of the original PGMob README, in Java: connect and query, create an owner role
 * and its database, add an hba line, clone a role, terminate sessions and disable a database,
 * back up and restore, move tables to a new schema. Each class has a {@code run} method over a
 * {@link io.pgmob.Cluster} and a {@code main} that starts a throw-away cluster and prints.
 */
@org.jspecify.annotations.NullMarked
package io.pgmob.examples.basics;
