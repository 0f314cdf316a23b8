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
 * @param repeated whether an earlier run already found this problem in this same version of the
 *     item: a calendar object nobody changed since is said once, not on every run
 */
public record ItemProblem(String item, String problem, Optional<String> uid, boolean repeated) {
  public ItemProblem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(uid, "uid");
  }

  /** A problem found in this run. */
  public ItemProblem(String item, String problem, Optional<String> uid) {
    this(item, problem, uid, false);
  }

  /** A problem with an item whose uid is not known, found in this run. */
  public ItemProblem(String item, String problem) {
    this(item, problem, Optional.empty());
  }

  /** This problem, found again in the version of the item an earlier run found it in. */
  public ItemProblem again() {
    return new ItemProblem(item, problem, uid, true);
  }

  @Override
  public String toString() {
    return item + ": " + problem;
  }
}
