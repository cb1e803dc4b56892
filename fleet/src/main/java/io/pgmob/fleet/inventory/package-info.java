/**
 * What a fleet runs on: an {@link io.pgmob.fleet.inventory.Inventory} of named {@link
 * io.pgmob.fleet.inventory.Target}s with labels, read from code or a YAML/JSON file, with
 * credentials by reference ({@link io.pgmob.fleet.inventory.Credentials}); a {@link
 * io.pgmob.fleet.inventory.Selector} picks targets by label. Depends on nothing else of the
 * fleet module.
 */
@NullMarked
package io.pgmob.fleet.inventory;

import org.jspecify.annotations.NullMarked;
