package org.eventsync.core.port;

import java.util.Optional;
import org.eventsync.core.SourceEvent;

/**
 * What became of one event in a batch import: stored, or refused with a reason.
 *
 * @param stored the item as the source stored it, if it did
 * @param problem why the source refused it, if it did
 */
public record ImportOutcome(Optional<SourceEvent> stored, Optional<String> problem) {
  public ImportOutcome {
    if (stored.isPresent() == problem.isPresent()) {
      throw new IllegalArgumentException("an import is either stored or refused");
    }
  }

  public static ImportOutcome stored(SourceEvent item) {
    return new ImportOutcome(Optional.of(item), Optional.empty());
  }

  public static ImportOutcome refused(String problem) {
    return new ImportOutcome(Optional.empty(), Optional.of(problem));
  }
}
