package org.eventsync.core.port;

import java.util.List;

/**
 * What a side holds: the items it could read, and one problem for each item it could not. A bad
 * item never hides the good ones.
 */
public record Listing<T>(List<T> items, List<ItemProblem> problems) {
  public Listing {
    items = List.copyOf(items);
    problems = List.copyOf(problems);
  }

  public static <T> Listing<T> of(List<T> items) {
    return new Listing<>(items, List.of());
  }
}
