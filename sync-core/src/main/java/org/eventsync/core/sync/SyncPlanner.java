package org.eventsync.core.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;

/**
 * Decides what a run does, as a pure function of both sides and the last run's state.
 *
 * <p>For every uid the planner looks at the source item S, the calendar object C and the record R
 * of the last run, and picks one line of this table (first match wins):
 *
 * <pre>
 *  S or C cannot be read (its uid is known)             nothing: the other side is left alone
 *  S approved            C missing                      publish S (under its next uid if R
 *                                                       saw a C under this one: it was deleted)
 *  S approved            C differs from S               update C (a calendar edit is overwritten)
 *  S pending, Directus-born, C present                  remove C
 *  S pending, calendar-born, rejected (R approved once) remove C
 *  S pending, calendar-born, policy hides pending       remove C
 *  S pending, calendar-born, C edited, policy imports   update S from C
 *  S pending, calendar-born, C deleted, policy deletes  delete S
 *  no S, C present, an S holds a later uid of C's       remove C (an earlier publication of S)
 *  no S, C present, R knew S or S's uid is minted       remove C (deleted in Directus)
 *  no S, C present, --clean                             remove C
 *  no S, C present, another S has C's title and start   remove C if that S is approved, else skip
 *  no S, C present, another C with its title and start is imported in this run     skip
 *  no S, C present                                      import C as not approved (and remove C
 *                                                       once imported, if the policy hides pending)
 *  anything else                                        nothing to do
 * </pre>
 *
 * The dedupe line catches the same event entered under two uids (a legacy copy from an older tool,
 * or one event typed on both sides), so one item never has two calendar objects and one calendar
 * event never two items. Source actions come before calendar actions in the plan.
 *
 * <p>An item gets a new uid each time its calendar copy is removed while it lives on (see {@link
 * UidGenerations}); a calendar object under an earlier uid of the same lineage is a leftover of
 * an interrupted removal.
 */
public final class SyncPlanner {

  private final SyncPolicy policy;
  private final Predicate<String> mintedBySource;

  /**
   * @param policy the rules' options
   * @param mintedBySource recognises the uids the source minted for its own items
   */
  public SyncPlanner(SyncPolicy policy, Predicate<String> mintedBySource) {
    this.policy = policy;
    this.mintedBySource = mintedBySource;
  }

  /** The plan for one run; {@code calendarExists} false plans the calendar's creation. */
  public SyncPlan plan(
      Listing<SourceEvent> source,
      Listing<CalendarEntry> calendar,
      boolean calendarExists,
      SyncState state) {
    List<ItemProblem> skips = new ArrayList<>();
    Map<String, SourceEvent> items = firstPerUid(source.items(), SourceEvent::uid, skips);
    Map<String, CalendarEntry> entries = firstPerUid(calendar.items(), CalendarEntry::uid, skips);
    Map<String, SourceEvent> itemsByKey = new HashMap<>();
    items.values().stream()
        .sorted(Comparator.comparing((SourceEvent s) -> !s.approved()).thenComparing(SourceEvent::id))
        .forEach(s -> itemsByKey.putIfAbsent(s.event().dedupeKey(), s));
    Map<String, SourceEvent> itemsByLineage = new HashMap<>();
    items.values().forEach(s -> itemsByLineage.putIfAbsent(UidGenerations.lineage(s.uid()), s));

    List<Action> sourceActions = new ArrayList<>();
    List<Action> calendarActions = new ArrayList<>();
    Map<String, SyncRecord> inSync = new LinkedHashMap<>();
    Map<String, CalendarEntry> importing = new HashMap<>();

    Set<String> unreadable = new HashSet<>();
    source.problems().forEach(p -> p.uid().ifPresent(unreadable::add));
    calendar.problems().forEach(p -> p.uid().ifPresent(unreadable::add));

    TreeSet<String> uids = new TreeSet<>(items.keySet());
    uids.addAll(entries.keySet());
    for (String uid : uids) {
      Optional<SourceEvent> s = Optional.ofNullable(items.get(uid));
      Optional<CalendarEntry> c = Optional.ofNullable(entries.get(uid));
      SyncRecord r = state.get(uid).orElse(SyncRecord.empty());
      if (unreadable.contains(uid)) {
        inSync.put(uid, r); // an unreadable copy is no deletion: nothing changes for this uid
        continue;
      }
      Optional<Action> action =
          s.isPresent()
              ? forItem(s.get(), c, r)
              : forStray(c.orElseThrow(), r, itemsByKey, itemsByLineage, importing, skips);
      if (action.isEmpty()) {
        inSync.put(uid, remembered(r, s, c));
      } else if (action.get() instanceof Action.Import
          || action.get() instanceof Action.UpdateSource
          || action.get() instanceof Action.DeleteSource) {
        sourceActions.add(action.get());
      } else {
        calendarActions.add(action.get());
      }
    }
    unreadable.forEach(uid -> state.get(uid).ifPresent(r -> inSync.putIfAbsent(uid, r)));
    inSync.values().removeIf(SyncRecord::isEmpty);

    List<Action> actions = new ArrayList<>(sourceActions);
    actions.addAll(calendarActions);
    List<ItemProblem> problems = new ArrayList<>(source.problems());
    problems.addAll(calendar.problems());
    return new SyncPlan(
        !calendarExists,
        actions,
        skips,
        problems,
        inSync,
        guard(actions, calendar.items().size()));
  }

  private Optional<Action> forItem(SourceEvent s, Optional<CalendarEntry> c, SyncRecord r) {
    if (s.approved()) {
      if (c.isEmpty()) {
        return Optional.of(new Action.Publish(s, r.everInCalendar()));
      }
      String calendarHash = c.get().event().contentHash();
      if (calendarHash.equals(s.event().contentHash())) {
        return Optional.empty();
      }
      boolean itemUnchanged = r.sourceHash().map(s.event().contentHash()::equals).orElse(false);
      boolean calendarEdited = r.calendarHash().map(h -> !h.equals(calendarHash)).orElse(false);
      String reason =
          itemUnchanged
              ? "edited in the calendar; Directus is authoritative, the edit is overwritten"
              : calendarEdited
                  ? "changed in Directus and edited in the calendar; Directus is authoritative,"
                      + " the calendar edit is overwritten"
                  : "changed in Directus";
      return Optional.of(new Action.Republish(s, c.get(), reason));
    }
    if (s.origin() == Origin.DIRECTUS) {
      return c.map(entry -> new Action.Unpublish(entry, Optional.of(s), "not approved in Directus"));
    }
    // A calendar-born item awaiting moderation, or rejected.
    if (r.everApproved()) {
      return c.map(entry -> new Action.Unpublish(entry, Optional.of(s), "rejected: approved once, now not"));
    }
    if (policy.hidePending()) {
      return c.map(entry -> new Action.Unpublish(entry, Optional.of(s), "awaiting moderation, hidden by policy"));
    }
    if (c.isPresent()) {
      boolean editedInCalendar =
          r.calendarHash().isPresent()
              && !r.calendarHash().get().equals(c.get().event().contentHash());
      return policy.importCalendarEdits() && editedInCalendar
          ? Optional.of(new Action.UpdateSource(s, c.get()))
          : Optional.empty();
    }
    boolean deletedInCalendar = r.href().isPresent();
    return policy.deletePendingOnCalendarDelete() && deletedInCalendar
        ? Optional.of(new Action.DeleteSource(s, "deleted in the calendar while pending"))
        : Optional.empty();
  }

  private Optional<Action> forStray(
      CalendarEntry c,
      SyncRecord r,
      Map<String, SourceEvent> itemsByKey,
      Map<String, SourceEvent> itemsByLineage,
      Map<String, CalendarEntry> importing,
      List<ItemProblem> skips) {
    SourceEvent successor = itemsByLineage.get(UidGenerations.lineage(c.uid()));
    if (successor != null) {
      return Optional.of(
          new Action.Unpublish(
              c, Optional.empty(),
              "an earlier publication of item " + successor.id() + ", which now has uid "
                  + successor.uid()));
    }
    if (r.sourceId().isPresent() || mintedBySource.test(c.uid())) {
      return Optional.of(new Action.Unpublish(c, Optional.empty(), "deleted in Directus"));
    }
    if (policy.clean()) {
      return Optional.of(new Action.Unpublish(c, Optional.empty(), "not in Directus (--clean)"));
    }
    SourceEvent twin = itemsByKey.get(c.event().dedupeKey());
    if (twin != null) {
      if (twin.approved()) {
        return Optional.of(
            new Action.Unpublish(
                c, Optional.empty(), "duplicate of item " + twin.id() + ", which is published"));
      }
      skips.add(
          new ItemProblem(
              c.href(),
              "same title and start as item " + twin.id() + " (awaiting moderation); not imported"));
      return Optional.empty();
    }
    CalendarEntry first = importing.putIfAbsent(c.event().dedupeKey(), c);
    if (first != null) {
      skips.add(
          new ItemProblem(
              c.href(), "same title and start as " + first.href() + ", imported once; not imported"));
      return Optional.empty();
    }
    return Optional.of(new Action.Import(c, policy.hidePending()));
  }

  private static SyncRecord remembered(
      SyncRecord r, Optional<SourceEvent> s, Optional<CalendarEntry> c) {
    SyncRecord next =
        s.map(item -> r.withSource(item.id(), item.event().contentHash(), item.approved()))
            .orElse(r.withoutSource());
    return c.map(e -> next.withCalendar(e.href(), e.etag(), e.event().contentHash()))
        .orElse(next.withoutCalendar());
  }

  private Optional<String> guard(List<Action> actions, int calendarSize) {
    long removals = actions.stream().filter(Action.Unpublish.class::isInstance).count();
    if (policy.force() || calendarSize < SyncPolicy.GUARD_MINIMUM) {
      return Optional.empty();
    }
    if (removals > policy.maxDeleteShare() * calendarSize) {
      return Optional.of(
          String.format(
              "this run would remove %d of the %d calendar events (more than %.0f%%). If Directus"
                  + " suddenly lists nothing, check the token's permissions; if the removals are"
                  + " intended, run again with --force",
              removals, calendarSize, policy.maxDeleteShare() * 100));
    }
    return Optional.empty();
  }

  private static <T> Map<String, T> firstPerUid(
      List<T> values, java.util.function.Function<T, String> uid, List<ItemProblem> skips) {
    Map<String, T> byUid = new LinkedHashMap<>();
    for (T value : values) {
      T first = byUid.putIfAbsent(uid.apply(value), value);
      if (first != null) {
        skips.add(new ItemProblem(value.toString(), "has the same uid as " + first + "; ignored"));
      }
    }
    return byUid;
  }
}
