/**
 * Server settings: {@code pg_settings}, {@code ALTER SYSTEM}, and per-database and per-role
 * defaults ({@code ALTER DATABASE/ROLE ... SET}).
 *
 * <pre>{@code
 * cluster.settings().alter().set("work_mem", "64MB").set("max_connections", "200").apply()
 *     .doOnNext(r -> log.info("needs a restart: {}", r.restartRequired()));
 * }</pre>
 */
@NullMarked
package io.pgmob.settings;

import org.jspecify.annotations.NullMarked;
