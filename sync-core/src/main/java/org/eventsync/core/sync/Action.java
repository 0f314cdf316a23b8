package org.eventsync.core.sync;

import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.Proposal;

/**
 * One write a plan asks for. Each action concerns exactly one uid, so a failure of one leaves the
 * others (and their state) untouched.
 */
public sealed interface Action {

  /** The side an action writes; a plan lists every source action before any calendar action. */
  enum Side {
    SOURCE,
    CALENDAR
  }

  /** What an action does, for counting and ordering without naming its class. */
  enum Kind {
    PUBLISH(Side.CALENDAR),
    REPUBLISH(Side.CALENDAR),
    UNPUBLISH(Side.CALENDAR),
    IMPORT(Side.SOURCE),
    UPDATE_SOURCE(Side.SOURCE),
    DELETE_SOURCE(Side.SOURCE);

    private final Side side;

    Kind(Side side) {
      this.side = side;
    }

    public Side side() {
      return side;
    }
  }

  /** Why a calendar object is updated or removed, or a source item deleted: a row of the table. */
  enum Reason {
    CHANGED_IN_SOURCE("changed in the source"),
    EDITED_IN_CALENDAR("edited in the calendar; the source is authoritative, the edit is overwritten"),
    CHANGED_ON_BOTH_SIDES("changed in the source and edited in the calendar; the source is"
        + " authoritative, the calendar edit is overwritten"),
    PROPOSED("edited in the calendar; the edit is proposed to the moderators, the calendar shows"
        + " the approved version meanwhile"),
    TAKEN_FROM_CALENDAR("edited in the calendar; the item takes the fields whose calendar edits"
        + " are accepted, the calendar its version"),
    NOT_APPROVED("not approved in the source"),
    REJECTED("rejected: approved once, now not"),
    HIDDEN_WHILE_PENDING("awaiting moderation, hidden by policy"),
    SUPERSEDED("an earlier publication of an item that now has a later uid"),
    DELETED_IN_SOURCE("deleted in the source"),
    ELSEWHERE("the source now routes it to another calendar"),
    NOT_IN_SOURCE("not in the source, and the policy cleans the calendar"),
    DUPLICATE("duplicate of an item that is published"),
    DELETED_IN_CALENDAR("deleted in the calendar while pending");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    /** The reason in words; {@code related} names the other item where the reason has one. */
    String text(Optional<SourceEvent> related) {
      if (related.isPresent() && this == SUPERSEDED) {
        return "an earlier publication of item " + related.get().id() + ", which now has uid "
            + related.get().uid();
      }
      if (related.isPresent() && this == DUPLICATE) {
        return "duplicate of item " + related.get().id() + ", which is published";
      }
      return text;
    }
  }

  /** The uid whose state this action changes. */
  String uid();

  /** What this action does. */
  Kind kind();

  /** The side it writes. */
  default Side side() {
    return kind().side();
  }

  /** One line for a person: what will be done to which event, and why. */
  String describe();

  /** The calendar change this action proposes to the moderators first, if any. */
  default Optional<Proposal> proposal() {
    return Optional.empty();
  }

  /**
   * Put an approved item into the calendar; with {@code underNextUid}, under the item's next uid,
   * because its last calendar copy was deleted by someone and the uid may sit in a trash bin;
   * with a {@code proposal}, that deletion is first proposed to the moderators.
   */
  record Publish(SourceEvent item, boolean underNextUid, Optional<Proposal> proposal)
      implements Action {
    public Publish {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(proposal, "proposal");
    }

    public Publish(SourceEvent item, boolean underNextUid) {
      this(item, underNextUid, Optional.empty());
    }

    public Publish(SourceEvent item) {
      this(item, false);
    }

    @Override
    public String uid() {
      return item.uid();
    }

    @Override
    public Kind kind() {
      return Kind.PUBLISH;
    }

    @Override
    public String describe() {
      return proposal.map(p -> p.describe() + "; ").orElse("")
          + "publish " + item.event() + " from item " + item.id()
          + (underNextUid ? " (again, under a new uid: its calendar copy was deleted)" : "");
    }
  }

  /**
   * Overwrite a calendar object with its approved item's content; with a {@code proposal}, the
   * object's edit is first proposed to the moderators; with {@code taken}, the item first takes
   * that version (the calendar's values of the fields whose edits are accepted), which the
   * calendar then gets.
   */
  record Republish(SourceEvent item, CalendarEntry current, Reason reason, Optional<Proposal> proposal,
      Optional<Event> taken) implements Action {
    public Republish {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(proposal, "proposal");
      Objects.requireNonNull(taken, "taken");
    }

    public Republish(SourceEvent item, CalendarEntry current, Reason reason) {
      this(item, current, reason, Optional.empty(), Optional.empty());
    }

    @Override
    public String uid() {
      return current.uid();
    }

    @Override
    public Kind kind() {
      return Kind.REPUBLISH;
    }

    @Override
    public String describe() {
      return proposal.map(p -> p.describe() + "; ").orElse("")
          + taken.map(t -> "item " + item.id() + " takes "
              + String.join(", ", EventFields.differing(item.event(), t)) + " from the calendar; ")
              .orElse("")
          + "update " + taken.orElse(item.event()) + " in the calendar ("
          + reason.text(Optional.empty()) + ")";
    }
  }

  /**
   * Remove a calendar object; {@code item} is its source item where one still exists, {@code
   * related} the other item the reason speaks of (a later publication, a twin).
   */
  record Unpublish(
      CalendarEntry current, Optional<SourceEvent> item, Reason reason, Optional<SourceEvent> related)
      implements Action {
    public Unpublish {
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(related, "related");
    }

    public Unpublish(CalendarEntry current, Optional<SourceEvent> item, Reason reason) {
      this(current, item, reason, Optional.empty());
    }

    @Override
    public Kind kind() {
      return Kind.UNPUBLISH;
    }

    @Override
    public String uid() {
      return current.uid();
    }

    @Override
    public String describe() {
      return "remove " + current.event() + " from the calendar (" + reason.text(related) + ")";
    }
  }

  /**
   * Store a calendar-born event in the source as not approved; with {@code thenHide}, remove it
   * from the calendar once it is safely stored (the policy that hides pending events).
   */
  record Import(CalendarEntry entry, boolean thenHide) implements Action {
    public Import {
      Objects.requireNonNull(entry, "entry");
    }

    @Override
    public String uid() {
      return entry.uid();
    }

    @Override
    public Kind kind() {
      return Kind.IMPORT;
    }

    @Override
    public String describe() {
      return "import " + entry.event() + " into the source as not approved"
          + (thenHide ? ", and hide it from the calendar until it is approved" : "");
    }
  }

  /** Copy a calendar edit into a pending calendar-born item (an opt-in policy). */
  record UpdateSource(SourceEvent item, CalendarEntry from) implements Action {
    public UpdateSource {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(from, "from");
    }

    @Override
    public String uid() {
      return item.uid();
    }

    @Override
    public Kind kind() {
      return Kind.UPDATE_SOURCE;
    }

    @Override
    public String describe() {
      return "update item " + item.id() + " from the calendar edit of " + from.event();
    }
  }

  /** Delete a source item (an opt-in policy for pending items deleted in the calendar). */
  record DeleteSource(SourceEvent item, Reason reason) implements Action {
    public DeleteSource {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String uid() {
      return item.uid();
    }

    @Override
    public Kind kind() {
      return Kind.DELETE_SOURCE;
    }

    @Override
    public String describe() {
      return "delete item " + item.id() + " " + item.event() + " from the source ("
          + reason.text(Optional.empty()) + ")";
    }
  }
}
