package org.eventsync.core.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.SourceEvent;

/**
 * The moderated side (Directus): where editors approve events, and where events typed into the
 * calendar go to await moderation.
 *
 * <p>Writes throw {@link ItemFailedException} for a problem with one item and {@link
 * SideUnavailableException} when nothing can be written.
 */
public interface EventSource {

  /** Every event, approved or not, with the problems of items that could not be read. */
  Listing<SourceEvent> list();

  /**
   * Whether {@code uid} is one this source minted for an item born in it. Such a uid in the
   * calendar with no item behind it means the item was deleted, even when no state remembers it.
   */
  boolean mintedUid(String uid);

  /** Stores a calendar-born event as not approved and returns it as stored. */
  SourceEvent importEvent(Event event);

  /**
   * Stores many calendar-born events as not approved, in as few requests as the source allows.
   * One bad event must not stop the others: the result has one outcome per event, in order.
   */
  default List<ImportOutcome> importEvents(List<Event> events) {
    List<ImportOutcome> outcomes = new ArrayList<>();
    for (Event event : events) {
      try {
        outcomes.add(ImportOutcome.stored(importEvent(event)));
      } catch (ItemFailedException e) {
        outcomes.add(ImportOutcome.refused(e.getMessage()));
      }
    }
    return outcomes;
  }

  /** Replaces the content of an item (its approval stays as it is) and returns it as stored. */
  SourceEvent update(SourceEvent current, Event content);

  /**
   * Gives an item a new uid, stored with the item, and returns it as stored. The engine calls this
   * before it removes an item's calendar copy, so that a later publication never reuses a uid the
   * calendar may still keep in its trash bin.
   */
  SourceEvent reassignUid(SourceEvent current, String uid);

  /** Deletes an item. */
  void delete(SourceEvent current);

  /**
   * Puts a calendar-side change of a published event before the moderators: stores the item's
   * pending proposal, or updates it (one pending proposal per item at a time). Sources without
   * moderation of calendar changes throw {@link ProposalsUnavailableException}.
   *
   * @throws ItemFailedException when this proposal cannot be stored
   */
  default void propose(Proposal proposal) {
    throw new ProposalsUnavailableException("this source takes no proposals");
  }

  /**
   * Carries out what moderators decided on proposals since the last run: an accepted edit is
   * applied to its item, an accepted deletion un-approves (or deletes) it; rejected ones change
   * nothing. The engine calls this once per run before it asks for versions or lists, so that a
   * decision is published by the same run.
   *
   * @param apply false for a dry run: the decisions are found and told, nothing is changed
   * @return one line per decision carried out, naming the item
   * @throws ProposalsUnavailableException when proposals cannot be read
   */
  default List<String> carryOutDecisions(boolean apply) {
    throw new ProposalsUnavailableException("this source takes no proposals");
  }

  /** Called once after a run's writes; see {@link EventSink#flush()}. */
  default void flush() {}

  /**
   * What this side holds now, as a token that changes whenever {@link #list()} would answer
   * differently (content, approval, or the settings that shape the events); empty when the side
   * cannot tell. Finding it may read what changed, cheaply, but parses nothing; the engine asks
   * it once per run before {@link #list()}, which may answer from what it read. When both sides
   * show the versions at which the last run found them in agreement, a run stops there.
   */
  default Optional<String> version() {
    return Optional.empty();
  }

  /**
   * What this source is, stable across runs and free of secrets ("the collection events at
   * https://cms.example.org"), so that a state saved for one pair is never used for another;
   * empty when the source cannot say.
   */
  default Optional<String> identity() {
    return Optional.empty();
  }
}
