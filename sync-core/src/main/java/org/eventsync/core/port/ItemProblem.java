package org.eventsync.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * One item a side could not read or write, said in one line: which item, and what is wrong with it.
 *
 * @param item how a person finds the item (a Directus id and title, a calendar href)
 * @param problem what is wrong, without secrets
 * @param uid the item's uid when it could still be told, so that the sync leaves that uid alone on
 *     the other side instead of taking the item for deleted
 */
public record ItemProblem(String item, String problem, Optional<String> uid) {
  public ItemProblem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(uid, "uid");
  }

  /** A problem with an item whose uid is not known. */
  public ItemProblem(String item, String problem) {
    this(item, problem, Optional.empty());
  }

  @Override
  public String toString() {
    return item + ": " + problem;
  }
}
