package org.eventsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.EventTime;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.core.testing.Events;
import org.eventsync.core.testing.Faults;
import org.eventsync.core.testing.InMemoryEventSink;
import org.eventsync.core.testing.InMemoryEventSource;
import org.eventsync.core.testing.InMemorySyncStateStore;

/**
 * Model-based checks of the whole engine: random edits on both sides (creating, editing,
 * approving, un-approving, deleting, entering one event on both sides, typing it twice), crashes
 * part-way through a sync, and lost state files, interleaved with syncs. After every completed
 * sync the invariants hold; a second sync plans nothing.
 *
 * <p>Titles and days come from small pools, so that duplicates by title and start are common.
 * The build runs 10,000 scenarios (see junit-platform.properties); run more with {@code mvn test
 * -pl sync-core -Djqwik.tries.default=200000}.
 */
class SyncConvergenceTest {

  private static final List<String> TITLES = List.of("Fair", "Choir", "Picnic", "Talk");

  /** One step of a scenario; indexes pick an existing item or object modulo the count. */
  sealed interface Step {}

  record EditorCreates(String title, int day, boolean approved) implements Step {}

  record EditorEdits(int which, String title, int day) implements Step {}

  record EditorApproves(int which, boolean approved) implements Step {}

  record EditorDeletes(int which) implements Step {}

  record PersonTypes(String title, int day) implements Step {}

  record PersonEdits(int which, String title) implements Step {}

  record PersonDeletes(int which) implements Step {}

  record PersonMoves(int which, String room) implements Step {}

  record Sync() implements Step {}

  record ModeratorDecides(int which, boolean accept) implements Step {}

  record CrashingSync(int writesBeforeCrash) implements Step {}

  record StateLost() implements Step {}

  /** The trash bin stands for the Nextcloud versions that refuse a deleted uid or file name. */
  @Property
  void syncsConvergeWithoutDuplicatesOrLoss(
      @ForAll("scenarios") List<Step> steps, @ForAll boolean hidePending,
      @ForAll InMemoryEventSink.TrashBin trashBin, @ForAll("writeConcurrency") int concurrency,
      @ForAll SyncPolicy.CalendarEdits calendarEdits,
      @ForAll("fieldPolicy") Optional<SyncPolicy.CalendarEdits> locationEdits) {
    new Scenario(SyncPolicy.defaults().withHidePending(hidePending)
        .withCalendarEdits(calendarEdits)
        .withFieldEdits(locationEdits.map(p -> Map.of("location", p)).orElse(Map.of())),
        trashBin, concurrency)
        .run(steps);
  }

  /** The location's own policy, or none (it follows the whole event's). */
  @Provide
  Arbitrary<Optional<SyncPolicy.CalendarEdits>> fieldPolicy() {
    return Arbitraries.of(SyncPolicy.CalendarEdits.class).optional();
  }

  /** One write at a time, as 0.1 did, or several in flight. */
  @Provide
  Arbitrary<Integer> writeConcurrency() {
    return Arbitraries.of(1, 4);
  }

  @Provide
  Arbitrary<List<Step>> scenarios() {
    Arbitrary<String> title = Arbitraries.of(TITLES);
    Arbitrary<Integer> day = Arbitraries.integers().between(1, 3);
    Arbitrary<Integer> which = Arbitraries.integers().between(0, 20);
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(
            Tuple.of(
                4, Combinators.combine(title, day, Arbitraries.of(true, false)).as(EditorCreates::new)),
            Tuple.of(2, Combinators.combine(which, title, day).as(EditorEdits::new)),
            Tuple.of(
                3, Combinators.combine(which, Arbitraries.of(true, false)).as(EditorApproves::new)),
            Tuple.of(1, which.map(EditorDeletes::new)),
            Tuple.of(3, Combinators.combine(title, day).as(PersonTypes::new)),
            Tuple.of(2, Combinators.combine(which, title).as(PersonEdits::new)),
            Tuple.of(1, which.map(PersonDeletes::new)),
            Tuple.of(2, Combinators.combine(which, Arbitraries.of("Hall A", "Hall B"))
                .as(PersonMoves::new)),
            Tuple.of(4, Arbitraries.just(new Sync())),
            Tuple.of(2, Combinators.combine(which, Arbitraries.of(true, false))
                .as(ModeratorDecides::new)),
            Tuple.of(
                1, Arbitraries.integers().between(0, 4).map(CrashingSync::new)),
            Tuple.of(1, Arbitraries.just(new StateLost())));
    return step.list().ofMinSize(1).ofMaxSize(25);
  }

  /** Both sides, the state, and the checks. */
  static final class Scenario {
    private final InMemoryEventSource source = new InMemoryEventSource();
    private final InMemoryEventSink calendar = new InMemoryEventSink();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();
    private final SyncPolicy policy;
    private final InMemoryEventSink.TrashBin trashBin;
    private final int concurrency;
    /** The state was lost, or a crash lost a run's records. */
    private boolean stateLost;
    private int typed;
    /** A value a person typed into a field, and the field's value when both sides last agreed. */
    record Typed(Optional<String> value, Optional<String> agreed) {}

    /**
     * Item id → field → what a person typed into it in the calendar, on the item's published
     * copy, since the last completed sync.
     */
    private final Map<String, Map<String, Typed>> typedIn = new HashMap<>();
    /** The items whose published copy a person deleted since the last completed sync. */
    private final Set<String> deleted = new HashSet<>();
    /** Uid → the calendar's copy as the last completed sync left it. */
    private final Map<String, Event> synced = new HashMap<>();
    /**
     * Uid → the version item and copy held the last time a completed sync left them equal: what
     * the planner's records keep as the base, and lose with the state.
     */
    private final Map<String, Event> agreed = new HashMap<>();
    /** Records were lost (the state, or a crashed run's) since the last completed sync. */
    private boolean recordsLost;

    Scenario(SyncPolicy policy, InMemoryEventSink.TrashBin trashBin, int concurrency) {
      this.policy = policy;
      this.trashBin = trashBin;
      this.concurrency = concurrency;
      calendar.trashBin(trashBin);
    }

    void run(List<Step> steps) {
      for (Step step : steps) {
        apply(step);
      }
      sync(); // every scenario ends with a completed sync, checked
    }

    private void apply(Step step) {
      List<SourceEvent> items = source.all();
      List<CalendarEntry> objects = calendar.all();
      if (step instanceof EditorCreates s) {
        source.add(Events.event("tmp", s.title(), s.day()), s.approved());
      } else if (step instanceof EditorEdits s && !items.isEmpty()) {
        source.edit(pick(items, s.which()).id(), Events.event("tmp", s.title(), s.day()));
      } else if (step instanceof EditorApproves s && !items.isEmpty()) {
        String id = pick(items, s.which()).id();
        source.approve(id, s.approved());
        if (!s.approved()) {
          moot(id);
        }
      } else if (step instanceof EditorDeletes s && !items.isEmpty()) {
        String id = pick(items, s.which()).id();
        source.remove(id);
        moot(id);
      } else if (step instanceof PersonTypes s) {
        calendar.type(Events.event("typed-" + (++typed), s.title(), s.day()));
      } else if (step instanceof PersonEdits s && !objects.isEmpty()) {
        CalendarEntry e = pick(objects, s.which());
        personEdits(items, e, Events.event("tmp", s.title(), day(e.event())).withUid(e.uid()));
      } else if (step instanceof PersonMoves s && !objects.isEmpty()) {
        CalendarEntry e = pick(objects, s.which());
        Event room = Event.builder(e.uid(), "-", e.event().start()).location(s.room()).build();
        personEdits(items, e, EventFields.take(e.event(), room, List.of("location")));
      } else if (step instanceof PersonDeletes s && !objects.isEmpty()) {
        CalendarEntry e = pick(objects, s.which());
        calendar.remove(e.href());
        changedCopy(items, e).ifPresent(item -> {
          deleted.add(item.id());
          typedIn.remove(item.id()); // the deletion supersedes what was typed into it
        });
      } else if (step instanceof ModeratorDecides s && !source.proposals().isEmpty()) {
        source.decide(pick(source.proposals(), s.which()), s.accept());
      } else if (step instanceof Sync) {
        sync();
      } else if (step instanceof CrashingSync s) {
        Faults crash = Faults.crashAfter(s.writesBeforeCrash());
        source.faults(crash);
        calendar.faults(crash);
        try {
          synchronizer(store).run(() -> false);
          checkCalendarChangesKept(); // the run had fewer writes than the crash waited for
        } catch (Faults.Crash expected) {
          // the process died: nothing was saved
          stateLost = true;
          recordsLost = true;
        } finally {
          source.faults(Faults.none());
          calendar.faults(Faults.none());
        }
      } else if (step instanceof StateLost) {
        store.lose();
        agreed.clear();
        stateLost = true;
        recordsLost = true;
      }
    }

    /** A moderator withdrew the item: what people changed in its calendar copy goes with it. */
    private void moot(String id) {
      typedIn.remove(id);
      deleted.remove(id);
    }

    private void personEdits(List<SourceEvent> items, CalendarEntry e, Event edited) {
      calendar.edit(e.href(), edited);
      changedCopy(items, e).ifPresent(item -> {
        Map<String, Typed> fields = typedIn.computeIfAbsent(item.id(), id -> new HashMap<>());
        Event base = agreed.getOrDefault(e.uid(), item.event());
        for (String field : EventFields.differing(e.event(), edited)) {
          fields.put(field, new Typed(EventFields.text(edited, field), EventFields.text(base, field)));
        }
      });
    }

    /**
     * The approved item whose published copy {@code e} is, when {@code e} is as the last sync
     * left it or already holds a change the scenario follows.
     */
    private Optional<SourceEvent> changedCopy(List<SourceEvent> items, CalendarEntry e) {
      return items.stream().filter(s -> s.uid().equals(e.uid())
          && ((s.approved() && e.event().equals(synced.get(e.uid())))
              || typedIn.containsKey(s.id()) || deleted.contains(s.id())))
          .findFirst();
    }

    private void sync() {
      Set<String> itemsBefore = ids(source.all());
      SyncReport report = synchronizer(store).run(() -> false);
      if (stateLost && trashBin == InMemoryEventSink.TrashBin.REFUSES_SECOND_DELETE
          && !report.failed().isEmpty()) {
        // Without the state (lost, or a run killed before saving it), a copy a person deleted is
        // published again under its old file name, which this kind of trash bin will not delete
        // twice: the run says so, and after the remedy it names (emptying the trash bin) the next
        // run converges.
        assertThat(report.failed()).allSatisfy(f -> assertThat(f.problem()).contains("-deleted.ics"));
        calendar.emptyTrash();
        report = synchronizer(store).run(() -> false);
      }
      assertThat(report.failed()).as("failures").isEmpty();
      if (report.refused()) {
        report = synchronizer(store, policy.withForce(true)).run(() -> false);
      }
      // Default policy never deletes a Directus item.
      assertThat(ids(source.all())).containsAll(itemsBefore);
      checkInvariants();
      checkCalendarChangesKept();
      SyncPlan again = synchronizer(store).dryRun().plan();
      assertThat(again.actions()).as("a second sync plans nothing").isEmpty();
    }

    private void checkInvariants() {
      List<SourceEvent> items = source.all();
      List<CalendarEntry> objects = calendar.all();
      // No two items for one calendar uid.
      assertThat(items.stream().map(SourceEvent::uid)).doesNotHaveDuplicates();
      for (SourceEvent s : items) {
        List<CalendarEntry> own =
            objects.stream().filter(c -> c.uid().equals(s.uid())).collect(Collectors.toList());
        if (s.approved()) {
          assertThat(own).as("approved %s is published once", s).hasSize(1);
          assertThat(own.get(0).event()).isEqualTo(s.event());
        } else if (s.origin() == Origin.SOURCE || policy.hidePending()) {
          assertThat(own).as("pending %s is not in the calendar", s).isEmpty();
        }
      }
      for (CalendarEntry c : objects) {
        boolean ownItem = items.stream().anyMatch(s -> s.uid().equals(c.uid()));
        boolean twinOfPending =
            items.stream()
                .anyMatch(
                    s -> !s.approved() && s.event().dedupeKey().equals(c.event().dedupeKey()));
        boolean twinOfImport =
            items.stream()
                .anyMatch(
                    s -> s.origin() == Origin.CALENDAR
                        && s.event().dedupeKey().equals(c.event().dedupeKey()));
        // Nothing a person typed is lost: each calendar event is in Directus, by uid or as a twin.
        assertThat(ownItem || twinOfPending || twinOfImport)
            .as("calendar event %s has a Directus counterpart", c)
            .isTrue();
      }
    }

    /**
     * Every value a person typed in the calendar into a published event ends up as its field's
     * policy says: where edits are proposed, applied to the item or held by a proposal; where
     * they are accepted, applied, unless Directus changed the same field since both sides last
     * agreed (the approved value wins) or records were lost; where they are ignored, anything. A change is moot once its item
     * is no longer approved or is gone, or was withdrawn (un-approved or deleted) since. With
     * proposals, a deletion is proposed, unless records were lost (no record says the event was
     * in the calendar).
     */
    private void checkCalendarChangesKept() {
      for (String id : deleted) {
        boolean approved = source.get(id).map(SourceEvent::approved).orElse(false);
        if (approved && policy.calendarEdits() == SyncPolicy.CalendarEdits.PROPOSE && !recordsLost) {
          assertThat(source.proposals()).as("the deletion of item %s is proposed", id)
              .anyMatch(p -> p.proposal().item().id().equals(id)
                  && p.proposal().kind() == Proposal.Kind.DELETE);
        }
      }
      typedIn.forEach((id, fields) -> {
        Optional<SourceEvent> item = source.get(id);
        if (item.map(s -> !s.approved()).orElse(true)) {
          return; // moot: no longer published
        }
        fields.forEach((field, t) -> {
          if (t.value().equals(t.agreed())) {
            return; // typed back to what both sides agreed on: no change
          }
          Optional<String> now = EventFields.text(item.get().event(), field);
          boolean applied = now.equals(t.value());
          boolean proposed = source.proposals().stream().anyMatch(p ->
              p.proposal().item().id().equals(id) && p.proposal().changes().stream()
                  .anyMatch(f -> f.field().equals(field) && f.proposed().equals(t.value())));
          boolean changedInDirectus = !now.equals(t.agreed());
          switch (policy.calendarEdits(field)) {
            case PROPOSE -> assertThat(applied || proposed)
                .as("the calendar's %s %s of item %s is applied or proposed", field, t.value(), id)
                .isTrue();
            case ACCEPT -> assertThat(applied || changedInDirectus || recordsLost)
                .as("the calendar's %s %s of item %s is applied", field, t.value(), id).isTrue();
            case IGNORE -> { }
          }
        });
      });
      typedIn.clear();
      deleted.clear();
      recordsLost = false;
      synced.clear();
      calendar.all().forEach(c -> synced.put(c.uid(), c.event()));
      source.all().forEach(item -> Optional.ofNullable(synced.get(item.uid()))
          .filter(item.event()::equals).ifPresent(copy -> agreed.put(item.uid(), copy)));
    }

    private Synchronizer synchronizer(SyncStateStore state) {
      return synchronizer(state, policy);
    }

    private Synchronizer synchronizer(SyncStateStore state, SyncPolicy policy) {
      return new Synchronizer(source, calendar, state, policy, SyncListener.silent())
          .withWriteConcurrency(concurrency);
    }

    private static <T> T pick(List<T> list, int which) {
      return list.get(which % list.size());
    }

    private static int day(Event e) {
      return ((EventTime.At) e.start()).time().getDayOfMonth();
    }

    private static Set<String> ids(List<SourceEvent> items) {
      return items.stream().map(SourceEvent::id).collect(Collectors.toCollection(HashSet::new));
    }
  }
}
