package org.eventsync.core.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.sync.Action.Reason;
import org.eventsync.core.sync.SyncPolicy.CalendarEdits;

/**
 * Decides what a run does, as a pure function of both sides and the last run's state.
 *
 * <p>For every uid the planner looks at the source item S, the calendar object C and the record R
 * of the last run, and takes the first row of this table that matches ({@link #decide}, one
 * {@code if} per row, in this order):
 *
 * <pre>
 *  S or C cannot be read (its uid is known)             nothing: the other side is left alone
 *  S approved            C missing, R saw C, the policy publish S again under its next uid, and
 *                        proposes, proposals are taken  propose the deletion
 *  S approved            C missing                      publish S (under its next uid if R
 *                                                       saw a C under this one: it was deleted)
 *  S approved            C differs; S takes every       update S from C
 *                        change C made (see below)
 *  S approved            C differs; some of C's changes leave C alone, its record unchanged
 *                        are proposed, proposals are    (kept until it can be proposed)
 *                        not taken
 *  S approved            C differs; S takes some of     update C to S with what it takes (stored
 *                        C's changes, or some are       in S first), proposing the others
 *                        proposed
 *  S approved            C differs from S               update C (a calendar edit is overwritten)
 *
 * Which of C's changes S takes, which are proposed and which are overwritten is decided per field
 * by the policy, against the record's base (the last version both sides agreed on): see {@link
 * CalendarEdit}.
 *  S approved                                           nothing
 *  S pending, source-born, C present                    remove C
 *  S pending, source-born                               nothing
 *  S pending, calendar-born, C present, R approved once remove C (rejected)
 *  S pending, calendar-born, R approved once            nothing
 *  S pending, calendar-born, C present, policy hides    remove C
 *  S pending, calendar-born, policy hides pending       nothing
 *  S pending, calendar-born, C edited, policy imports   update S from C
 *  S pending, calendar-born, C deleted, policy deletes  delete S
 *  S pending, calendar-born                             nothing
 *  no S, C present, an S holds a later uid of C's       remove C (an earlier publication of S)
 *  no S, C present, S is in another route's part        remove C (routed to another calendar)
 *  no S, C present, R knew S or S's uid is minted       remove C (deleted in the source)
 *  no S, C present, the policy cleans                   remove C
 *  no S, C present, an approved S has C's title, start  remove C (a duplicate)
 *  no S, C present, a pending S has C's title and start leave C alone (said)
 *  no S, C present, an earlier C with its title and
 *                   start is imported in this run       leave C alone (said)
 *  no S, C present                                      import C as not approved (and remove C
 *                                                       once imported, if the policy hides pending)
 * </pre>
 *
 * The dedupe rows catch the same event entered under two uids (a legacy copy from an older tool,
 * or one event typed on both sides), so one item never has two calendar objects and one calendar
 * event never two items.
 *
 * <p>Source actions come before calendar actions in the plan. A calendar action that removes or
 * re-publishes an item's copy may first store the item's next uid in the source (see {@link
 * UidGenerations}), always before the calendar write it prepares; a calendar object under an
 * earlier uid of the same lineage is a leftover of an interrupted removal.
 */
public final class SyncPlanner {

  private final SyncPolicy policy;
  private final Predicate<String> mintedBySource;
  private final boolean proposalsTaken;

  /**
   * @param policy the rules' options
   * @param mintedBySource recognises the uids the source minted for its own items
   * @param proposalsTaken whether the source takes proposals in this run (see {@link
   *     org.eventsync.core.port.EventSource#propose})
   */
  public SyncPlanner(SyncPolicy policy, Predicate<String> mintedBySource, boolean proposalsTaken) {
    this.policy = policy;
    this.mintedBySource = mintedBySource;
    this.proposalsTaken = proposalsTaken;
  }

  /**
   * What one row decided: an action, a remark on an object left alone, or nothing; {@code
   * keepRecord} leaves the uid's record as the last run saved it, so that a change left alone
   * now is still seen as a change by the next run.
   */
  private record Decision(Optional<Action> action, Optional<ItemProblem> leftAlone, boolean keepRecord) {
    static final Decision NOTHING = new Decision(Optional.empty(), Optional.empty(), false);

    static Decision act(Action action) {
      return new Decision(Optional.of(action), Optional.empty(), false);
    }

    static Decision leaveAlone(CalendarEntry c, String why) {
      return new Decision(Optional.empty(), Optional.of(new ItemProblem(c.href(), why)), false);
    }

    static Decision keep(CalendarEntry c, String why) {
      return new Decision(Optional.empty(), Optional.of(new ItemProblem(c.href(), why)), true);
    }
  }

  /** The plan for one run; {@code calendarExists} false plans the calendar's creation. */
  public SyncPlan plan(
      Listing<SourceEvent> source,
      Listing<CalendarEntry> calendar,
      boolean calendarExists,
      SyncState state) {
    List<ItemProblem> leftAlone = new ArrayList<>();
    Map<String, SourceEvent> items = firstPerUid(source.items(), SourceEvent::uid, leftAlone);
    Map<String, CalendarEntry> entries = firstPerUid(calendar.items(), CalendarEntry::uid, leftAlone);
    TreeSet<String> uids = new TreeSet<>(items.keySet());
    uids.addAll(entries.keySet());
    PlanContext context = PlanContext.of(items, entries, source, calendar, uids, state, policy,
        (uid, c, r, first) -> decide(uid, Optional.empty(), Optional.of(c), r, first).action()
            .map(a -> a.kind() == Action.Kind.IMPORT).orElse(false));

    List<Action> actions = new ArrayList<>();
    Map<String, SyncRecord> inSync = new LinkedHashMap<>();
    for (String uid : uids) {
      Optional<SourceEvent> s = Optional.ofNullable(items.get(uid));
      Optional<CalendarEntry> c = Optional.ofNullable(entries.get(uid));
      SyncRecord r = state.get(uid).orElse(SyncRecord.empty());
      Decision decision = decide(uid, s, c, r, context);
      decision.leftAlone().ifPresent(leftAlone::add);
      if (decision.action().isPresent()) {
        actions.add(decision.action().get());
      } else {
        boolean keep = decision.keepRecord() || context.unreadable().contains(uid);
        inSync.put(uid, keep ? r : NextState.seen(r, s, c));
      }
    }
    context.unreadable().forEach(uid -> state.get(uid).ifPresent(r -> inSync.putIfAbsent(uid, r)));
    inSync.values().removeIf(SyncRecord::isEmpty);
    actions.sort(Comparator.comparing(Action::side)); // stable: uid order within each side

    List<ItemProblem> problems = new ArrayList<>(source.problems());
    problems.addAll(calendar.problems());
    int awaiting = (int) source.items().stream().filter(item -> !item.approved()).count();
    return new SyncPlan(!calendarExists, actions, leftAlone, problems, inSync,
        guard(actions, calendar.items().size()), OptionalInt.of(awaiting));
  }

  /** The rule table of the class comment, one row per {@code if}, in its order. */
  private Decision decide(
      String uid, Optional<SourceEvent> s, Optional<CalendarEntry> c, SyncRecord r, PlanContext x) {
    if (x.unreadable().contains(uid)) {
      return Decision.NOTHING;
    }
    if (s.isPresent()) {
      SourceEvent item = s.get();
      boolean calendarBorn = item.origin() == Origin.CALENDAR;
      boolean proposes = policy.calendarEdits() == CalendarEdits.PROPOSE;
      if (item.approved() && c.isEmpty() && r.href().isPresent() && proposes && proposalsTaken) {
        return Decision.act(new Action.Publish(item, true,
            Optional.of(Proposal.deletion(item, r.href().get()))));
      }
      if (item.approved() && c.isEmpty()) {
        return Decision.act(new Action.Publish(item, r.uidSpent()));
      }
      // Present exactly when the item is approved and its calendar copy differs.
      Optional<CalendarEdit> edit = Optional.ofNullable(x.calendarEdits().get(uid));
      if (edit.isPresent() && edit.get().takesAll()) {
        return Decision.act(new Action.UpdateSource(item, c.get()));
      }
      if (edit.isPresent() && edit.get().proposal().isPresent() && !proposalsTaken) {
        return Decision.keep(c.get(), "edited in the calendar; kept there until the edit can be"
            + " proposed to the moderators of item " + item.id());
      }
      if (edit.isPresent() && edit.get().keeps()) {
        return Decision.act(new Action.Republish(item, c.get(), edit.get().reason(),
            edit.get().proposal(), edit.get().taken()));
      }
      if (edit.isPresent()) {
        return Decision.act(new Action.Republish(item, c.get(), CalendarEdit.republishReason(item, c.get(), r)));
      }
      if (item.approved()) {
        return Decision.NOTHING;
      }
      if (!calendarBorn && c.isPresent()) {
        return Decision.act(new Action.Unpublish(c.get(), s, Reason.NOT_APPROVED));
      }
      if (!calendarBorn) {
        return Decision.NOTHING;
      }
      if (r.everApproved() && c.isPresent()) {
        return Decision.act(new Action.Unpublish(c.get(), s, Reason.REJECTED));
      }
      if (r.everApproved()) {
        return Decision.NOTHING;
      }
      if (policy.hidePending() && c.isPresent()) {
        return Decision.act(new Action.Unpublish(c.get(), s, Reason.HIDDEN_WHILE_PENDING));
      }
      if (policy.hidePending()) {
        return Decision.NOTHING;
      }
      if (c.isPresent() && CalendarEdit.editedSince(r, c.get()) && policy.importCalendarEdits()) {
        return Decision.act(new Action.UpdateSource(item, c.get()));
      }
      if (c.isEmpty() && r.href().isPresent() && policy.deletePendingOnCalendarDelete()) {
        return Decision.act(new Action.DeleteSource(item, Reason.DELETED_IN_CALENDAR));
      }
      return Decision.NOTHING;
    }
    CalendarEntry entry = c.orElseThrow();
    Optional<SourceEvent> successor =
        Optional.ofNullable(x.itemsByLineage().get(UidGenerations.lineage(uid)));
    Optional<SourceEvent> twin = Optional.ofNullable(x.itemsByKey().get(entry.event().dedupeKey()));
    CalendarEntry firstImport = x.firstImportByKey().getOrDefault(entry.event().dedupeKey(), entry);
    if (successor.isPresent()) {
      return Decision.act(new Action.Unpublish(entry, Optional.empty(), Reason.SUPERSEDED, successor));
    }
    if (x.elsewhere().contains(uid)) {
      return Decision.act(new Action.Unpublish(entry, Optional.empty(), Reason.ELSEWHERE));
    }
    if (r.sourceId().isPresent() || mintedBySource.test(uid)) {
      return Decision.act(new Action.Unpublish(entry, Optional.empty(), Reason.DELETED_IN_SOURCE));
    }
    if (policy.clean()) {
      return Decision.act(new Action.Unpublish(entry, Optional.empty(), Reason.NOT_IN_SOURCE));
    }
    if (twin.isPresent() && twin.get().approved()) {
      return Decision.act(new Action.Unpublish(entry, Optional.empty(), Reason.DUPLICATE, twin));
    }
    if (twin.isPresent()) {
      return Decision.leaveAlone(entry, "same title and start as item " + twin.get().id()
          + " (awaiting moderation); not imported");
    }
    if (!firstImport.uid().equals(uid)) {
      return Decision.leaveAlone(entry, "same title and start as " + firstImport.href()
          + ", imported once; not imported");
    }
    return Decision.act(new Action.Import(entry, policy.hidePending()));
  }

  private Optional<String> guard(List<Action> actions, int calendarSize) {
    long removals = actions.stream().filter(a -> a.kind() == Action.Kind.UNPUBLISH).count();
    if (policy.force() || calendarSize < SyncPolicy.GUARD_MINIMUM) {
      return Optional.empty();
    }
    if (removals > policy.maxDeleteShare() * calendarSize) {
      return Optional.of(
          String.format(
              "this run would remove %d of the %d calendar events (more than %.0f%%); if the"
                  + " source suddenly lists nothing, check what its credentials may read",
              removals, calendarSize, policy.maxDeleteShare() * 100));
    }
    return Optional.empty();
  }

  private static <T> Map<String, T> firstPerUid(
      List<T> values, Function<T, String> uid, List<ItemProblem> leftAlone) {
    Map<String, T> byUid = new LinkedHashMap<>();
    for (T value : values) {
      T first = byUid.putIfAbsent(uid.apply(value), value);
      if (first != null) {
        leftAlone.add(new ItemProblem(value.toString(), "has the same uid as " + first + "; ignored"));
      }
    }
    return byUid;
  }
}
