package org.eventsync.core.sync;

import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.SourceEvent;

/**
 * One write a plan asks for. Each action concerns exactly one uid, so a failure of one leaves the
 * others (and their state) untouched.
 */
public sealed interface Action {

  /** The uid whose state this action changes. */
  String uid();

  /** One line for a person: what will be done to which event, and why. */
  String describe();

  /**
   * Put an approved item into the calendar; with {@code underNextUid}, under the item's next uid,
   * because its last calendar copy was deleted by someone and the uid may sit in a trash bin.
   */
  record Publish(SourceEvent item, boolean underNextUid) implements Action {
    public Publish {
      Objects.requireNonNull(item, "item");
    }

    public Publish(SourceEvent item) {
      this(item, false);
    }

    @Override
    public String uid() {
      return item.uid();
    }

    @Override
    public String describe() {
      return "publish " + item.event() + " from item " + item.id()
          + (underNextUid ? " (again, under a new uid: its calendar copy was deleted)" : "");
    }
  }

  /** Overwrite a calendar object with its approved item's content. */
  record Republish(SourceEvent item, CalendarEntry current, String reason) implements Action {
    public Republish {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String uid() {
      return current.uid();
    }

    @Override
    public String describe() {
      return "update " + item.event() + " in the calendar (" + reason + ")";
    }
  }

  /** Remove a calendar object; {@code item} is its source item where one still exists. */
  record Unpublish(CalendarEntry current, Optional<SourceEvent> item, String reason)
      implements Action {
    public Unpublish {
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String uid() {
      return current.uid();
    }

    @Override
    public String describe() {
      return "remove " + current.event() + " from the calendar (" + reason + ")";
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
    public String describe() {
      return "import " + entry.event() + " into Directus as not approved"
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
    public String describe() {
      return "update item " + item.id() + " from the calendar edit of " + from.event();
    }
  }

  /** Delete a source item (an opt-in policy for pending items deleted in the calendar). */
  record DeleteSource(SourceEvent item, String reason) implements Action {
    public DeleteSource {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String uid() {
      return item.uid();
    }

    @Override
    public String describe() {
      return "delete item " + item.id() + " " + item.event() + " from Directus (" + reason + ")";
    }
  }
}
