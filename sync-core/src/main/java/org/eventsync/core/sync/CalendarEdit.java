package org.eventsync.core.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.sync.Action.Reason;
import org.eventsync.core.sync.SyncPolicy.CalendarEdits;

/**
 * What becomes of a calendar copy that differs from its approved item: per field, the changes
 * the calendar made are taken into the item, proposed, or overwritten, as the policy says for
 * that field. Against the record's base (the last agreed version) a field changed on one side
 * is told from one changed on both; a field changed on both sides keeps the item's value (its
 * calendar value is proposed when the field's policy proposes). Without a base the record's
 * hashes tell which side changed, and without a record the whole difference counts as changed
 * on both sides.
 *
 * @param taken the item with the calendar's values of the fields taken, when any are
 * @param proposal the calendar's values of the fields proposed, when any are
 */
record CalendarEdit(
    CalendarEntry c, Optional<Event> taken, Optional<Proposal> proposal, Reason reason) {

  /** Whether the item takes every change, so that the calendar copy stays as it is. */
  boolean takesAll() {
    return proposal.isEmpty() && taken.map(t -> t.contentHash().equals(c.event().contentHash()))
        .orElse(false);
  }

  /** Whether any of the calendar's changes is kept (taken or proposed). */
  boolean keeps() {
    return taken.isPresent() || proposal.isPresent();
  }

  static CalendarEdit of(SourceEvent item, CalendarEntry c, SyncRecord r, SyncPolicy policy) {
    Event s = item.event();
    List<String> differing = EventFields.differing(s, c.event());
    Set<String> inCalendar = new LinkedHashSet<>();
    Set<String> onBoth = new LinkedHashSet<>();
    if (r.base().isPresent()) {
      List<String> calendarChanged = EventFields.differing(r.base().get(), c.event());
      List<String> sourceChanged = EventFields.differing(r.base().get(), s);
      for (String field : differing) {
        if (calendarChanged.contains(field)) {
          (sourceChanged.contains(field) ? onBoth : inCalendar).add(field);
        }
      }
    } else if (r.calendarHash().isEmpty()) {
      onBoth.addAll(differing);
    } else if (editedSince(r, c)) {
      (republishReason(item, c, r) == Reason.EDITED_IN_CALENDAR ? inCalendar : onBoth)
          .addAll(differing);
    }
    Set<String> taken = new LinkedHashSet<>();
    Set<String> proposed = new LinkedHashSet<>();
    for (String field : inCalendar) {
      switch (policy.calendarEdits(field)) {
        case ACCEPT -> taken.add(field);
        case PROPOSE -> proposed.add(field);
        case IGNORE -> { }
      }
    }
    onBoth.stream().filter(f -> policy.calendarEdits(f) == CalendarEdits.PROPOSE)
        .forEach(proposed::add);
    Optional<Event> merged = Optional.empty();
    if (!taken.isEmpty()) {
      try {
        merged = Optional.of(EventFields.take(s, c.event(), taken));
      } catch (InvalidEventException mixed) {
        // The fields taken do not fit with the item's others (a start moved past its end):
        // propose them with those others instead.
        proposed.addAll(taken);
        taken.clear();
      }
    }
    Optional<Proposal> proposal = Optional.empty();
    if (!proposed.isEmpty()) {
      Event version;
      try {
        version = EventFields.take(s, c.event(), proposed);
      } catch (InvalidEventException mixed) {
        version = EventFields.take(s, c.event(), differing);
      }
      proposal = Optional.of(Proposal.edit(item, version, c.href()));
    }
    return new CalendarEdit(c, merged, proposal,
        proposal.isPresent() ? Reason.PROPOSED : Reason.TAKEN_FROM_CALENDAR);
  }

  static boolean sameContent(SourceEvent item, CalendarEntry c) {
    // Equal values are the same content; only values that differ are compared by their hashes.
    return c.event().equals(item.event())
        || c.event().contentHash().equals(item.event().contentHash());
  }

  /** Whether the calendar object changed since the last run saw it. */
  static boolean editedSince(SyncRecord r, CalendarEntry c) {
    return r.calendarHash().map(h -> !h.equals(c.event().contentHash())).orElse(false);
  }

  /** Which side changed, as far as the last run's hashes tell: the log line must be true. */
  static Reason republishReason(SourceEvent item, CalendarEntry c, SyncRecord r) {
    boolean itemUnchanged = r.sourceHash().map(item.event().contentHash()::equals).orElse(false);
    if (itemUnchanged) {
      return Reason.EDITED_IN_CALENDAR;
    }
    return editedSince(r, c) ? Reason.CHANGED_ON_BOTH_SIDES : Reason.CHANGED_IN_SOURCE;
  }
}
