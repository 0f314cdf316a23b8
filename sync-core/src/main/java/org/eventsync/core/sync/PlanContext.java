package org.eventsync.core.sync;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;

/** What every row of {@link SyncPlanner}'s table may consult, computed once per run. */
record PlanContext(
    Map<String, CalendarEdit> calendarEdits,
    Map<String, SourceEvent> itemsByKey,
    Map<String, SourceEvent> itemsByLineage,
    Set<String> unreadable,
    Set<String> elsewhere,
    Map<String, CalendarEntry> firstImportByKey) {

  /** Whether the rows, asked with {@code context}, import the calendar object of a uid. */
  @FunctionalInterface
  interface Imports {
    boolean of(String uid, CalendarEntry c, SyncRecord r, PlanContext context);
  }

  /**
   * The context of a run. The first calendar object per title and start that reaches the import
   * row is found by asking the rows once with no imports known: the one that is imported.
   */
  static PlanContext of(
      Map<String, SourceEvent> items,
      Map<String, CalendarEntry> entries,
      Listing<SourceEvent> source,
      Listing<CalendarEntry> calendar,
      TreeSet<String> uids,
      SyncState state,
      SyncPolicy policy,
      Imports imports) {
    Map<String, CalendarEdit> edits = new HashMap<>();
    items.values().forEach(s -> {
      CalendarEntry c = entries.get(s.uid());
      if (c != null && s.approved() && !CalendarEdit.sameContent(s, c)) {
        edits.put(s.uid(),
            CalendarEdit.of(s, c, state.get(s.uid()).orElse(SyncRecord.empty()), policy));
      }
    });
    Map<String, SourceEvent> itemsByKey = new HashMap<>();
    items.values().stream()
        .sorted(Comparator.comparing((SourceEvent s) -> !s.approved()).thenComparing(SourceEvent::id))
        .forEach(s -> itemsByKey.putIfAbsent(willHold(s, edits).dedupeKey(), s));
    Map<String, SourceEvent> itemsByLineage = new HashMap<>();
    items.values().forEach(s -> itemsByLineage.putIfAbsent(UidGenerations.lineage(s.uid()), s));
    Set<String> unreadable = new HashSet<>();
    source.problems().forEach(p -> p.uid().ifPresent(unreadable::add));
    calendar.problems().forEach(p -> p.uid().ifPresent(unreadable::add));
    PlanContext first = new PlanContext(
        edits, itemsByKey, itemsByLineage, unreadable, source.elsewhere(), Map.of());
    Map<String, CalendarEntry> firstImportByKey = new HashMap<>();
    for (String uid : uids) {
      CalendarEntry c = entries.get(uid);
      if (c == null || items.containsKey(uid)) {
        continue;
      }
      if (imports.of(uid, c, state.get(uid).orElse(SyncRecord.empty()), first)) {
        firstImportByKey.putIfAbsent(c.event().dedupeKey(), c);
      }
    }
    return new PlanContext(edits, itemsByKey, itemsByLineage, unreadable, source.elsewhere(),
        Map.copyOf(firstImportByKey));
  }

  /**
   * What the item holds once this run is done: the calendar's changes it takes, else its own
   * content. The dedupe rows compare with this, so that a taken edit that makes a twin is settled
   * in the same run.
   */
  private static Event willHold(SourceEvent s, Map<String, CalendarEdit> edits) {
    return Optional.ofNullable(edits.get(s.uid())).flatMap(CalendarEdit::taken).orElse(s.event());
  }
}
