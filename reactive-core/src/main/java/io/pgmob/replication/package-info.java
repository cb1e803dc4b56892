/** Physical and logical replication slots: {@link io.pgmob.replication.ReplicationSlots} (from {@code cluster.replicationSlots()}). */
@NullMarked
package io.pgmob.replication;

import org.jspecify.annotations.NullMarked;
