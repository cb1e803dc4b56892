package io.pgmob.fleet.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named cluster targets with labels. Immutable; order is kept (it is the order a fleet run starts
 * clusters and rollouts form waves in).
 *
 * <p>From code: {@code Inventory.of(target1, target2)}. From a YAML or JSON file:
 * <pre>{@code
 * # fleet.yaml
 * defaults:                 # optional; every target inherits these
 *   user: admin
 *   password: env:PGPASS    # env:NAME, file:PATH, pgpass, libpq, exec:CMD...; never inline
 *   sslmode: require
 *   labels: {env: prod}
 * targets:
 *   - name: eu-1
 *     host: db1.eu.internal
 *     port: 5432            # default 5432
 *     database: postgres    # default postgres
 *     labels: {region: eu, tier: gold}
 *   - name: us-1
 *     host: db1.us.internal
 *     labels: {region: us}
 * }</pre>
 * Fields: {@code name} (required, unique), {@code host} (required), {@code port}, {@code database},
 * {@code user} (required, here or in defaults), {@code password}, {@code sslmode} ({@code disable,
 * allow, prefer, require, verify-ca, verify-full}), {@code application_name}, {@code
 * connect_timeout} (seconds), {@code become}, {@code options} (map of run-time parameters),
 * {@code labels} (map). Unknown fields are errors.
 */
public final class Inventory implements Iterable<Target> {

  private final List<Target> targets;
  private final Map<String, Target> byName;

  private Inventory(List<Target> targets) {
    Map<String, Target> m = new HashMap<>();
    for (Target t : targets) {
      if (m.put(t.name(), t) != null) {
        throw new InventoryException("<code>", 0, 0, null, "duplicate target name " + t.name());
      }
    }
    this.targets = List.copyOf(targets);
    this.byName = Map.copyOf(m);
  }

  /**
   * An inventory of these targets, in this order. Names must be unique.
   *
   * @param targets the targets, in the order runs start them
   * @return the inventory
   * @throws io.pgmob.error.InvalidInputException when two targets have the same name
   */
  public static Inventory of(Target... targets) {
    return new Inventory(List.of(targets));
  }

  /**
   * An inventory of these targets, in this order. Names must be unique.
   *
   * @param targets the targets, in the order runs start them
   * @return the inventory
   * @throws io.pgmob.error.InvalidInputException when two targets have the same name
   */
  public static Inventory of(Collection<Target> targets) {
    return new Inventory(new ArrayList<>(targets));
  }

  /**
   * Reads a YAML ({@code .yaml}, {@code .yml}) or JSON file.
   *
   * @param file the inventory file
   * @return the inventory
   * @throws InventoryException with file, line, column and field of the first problem
   * @throws io.pgmob.error.InvalidInputException when the file does not exist, cannot be read or is
   *     not UTF-8 (the message names the file's absolute path, and the offset of a bad byte)
   */
  public static Inventory load(Path file) {
    String text = TextFiles.readUtf8(file, "inventory");
    return parse(text, file.getFileName().toString());
  }

  /**
   * Parses inventory text (YAML, of which JSON is a subset). {@code source} names it in errors.
   *
   * @param text the inventory, YAML or JSON
   * @param source the name errors give the text, for example its file name
   * @return the inventory
   * @throws InventoryException with line, column and field of the first problem
   */
  public static Inventory parse(String text, String source) {
    return new Inventory(InventoryReader.read(text, source));
  }

  /** {@return all targets in order} */
  public List<Target> targets() {
    return targets;
  }

  /**
   * The targets {@code selector} selects, in inventory order.
   *
   * @param selector labels to match (see {@link Selector})
   * @return the matching targets; empty when none matches
   */
  public List<Target> select(Selector selector) {
    if (selector.isAll()) {
      return targets;
    }
    return targets.stream().filter(selector).toList();
  }

  /**
   * Shorthand for {@code select(Selector.parse(selector))}.
   *
   * @param selector labels to match, as {@link Selector#parse} reads them
   * @return the matching targets; empty when none matches
   * @throws io.pgmob.error.InvalidInputException for a malformed selector
   */
  public List<Target> select(String selector) {
    return select(Selector.parse(selector));
  }

  /**
   * The target called {@code name}.
   *
   * @param name the target's name
   * @return the target, or empty when there is none of that name
   */
  public Optional<Target> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * This inventory plus {@code more} (names must stay unique).
   *
   * @param more targets to add after this inventory's
   * @return a new inventory; this one is unchanged
   * @throws io.pgmob.error.InvalidInputException when a name would repeat
   */
  public Inventory plus(Collection<Target> more) {
    List<Target> l = new ArrayList<>(targets);
    l.addAll(more);
    return new Inventory(l);
  }

  /** {@return how many targets} */
  public int size() {
    return targets.size();
  }

  @Override
  public Iterator<Target> iterator() {
    return targets.iterator();
  }

  @Override
  public String toString() {
    return "Inventory[" + targets.size() + " targets]";
  }
}
