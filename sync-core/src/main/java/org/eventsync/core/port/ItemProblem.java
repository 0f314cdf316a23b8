package org.eventsync.core.port;

import java.util.Objects;

/**
 * One item a side could not read or write, said in one line: which item, and what is wrong with it.
 *
 * @param item how a person finds the item (a Directus id and title, a calendar href)
 * @param problem what is wrong, without secrets
 */
public record ItemProblem(String item, String problem) {
  public ItemProblem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return item + ": " + problem;
  }
}
