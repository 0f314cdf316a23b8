package org.eventsync.core.port;

import java.util.List;
import java.util.Set;

/**
 * What a side holds: the items it could read, and one problem for each item it could not. A bad
 * item never hides the good ones.
 *
 * @param elsewhere the uids of items that the side holds outside the part it lists (a route's
 *     other values): gone from this listing, but not deleted
 */
public record Listing<T>(List<T> items, List<ItemProblem> problems, Set<String> elsewhere) {
  public Listing {
    items = List.copyOf(items);
    problems = List.copyOf(problems);
    elsewhere = Set.copyOf(elsewhere);
  }

  /** Everything the side holds, as it could read it. */
  public Listing(List<T> items, List<ItemProblem> problems) {
    this(items, problems, Set.of());
  }

  public static <T> Listing<T> of(List<T> items) {
    return new Listing<>(items, List.of());
  }
}
