package org.eventsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsync.core.testing.Events.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.junit.jupiter.api.Test;

/** One test per line of the rule table in {@link SyncPlanner}'s documentation. */
class SyncPlannerTest {

  private static final Event FAIR = event("d-1", "Fair", 5);
  private static final Event CHOIR = event("c-1", "Choir", 10);

  private SyncPolicy policy = SyncPolicy.defaults();
  private SyncState state = SyncState.empty();

  @Test
  void anItemThatCannotBeReadLeavesItsCalendarCopyAloneAndItsRecordKept() {
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    ItemProblem bad = new ItemProblem("Directus item 1", "recurrence is not a rule", Optional.of("d-1"));
    SyncPlan plan = new SyncPlanner(policy, uid -> true, true)
        .plan(new Listing<>(List.of(), List.of(bad)), Listing.of(List.of(entry(FAIR))), true, state);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.inSync()).containsEntry("d-1", state.get("d-1").orElseThrow());
  }

  @Test
  void aCalendarCopyThatCannotBeReadIsNotPublishedAgain() {
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    ItemProblem bad = new ItemProblem("calendar object /d-1.ics", "malformed", Optional.of("d-1"));
    SyncPlan plan = new SyncPlanner(policy, uid -> true, true)
        .plan(Listing.of(List.of(approved("1", FAIR))), new Listing<>(List.of(), List.of(bad)), true, state);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.problems()).contains(bad);
  }

  @Test
  void approvedItemMissingFromTheCalendarIsPublished() {
    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of());
    assertThat(plan.actions()).containsExactly(new Action.Publish(approved("1", FAIR)));
  }

  @Test
  void approvedItemWhoseCalendarCopyAPersonDeletedIsPublishedUnderItsNextUid() {
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of());
    assertThat(plan.actions()).containsExactly(new Action.Publish(approved("1", FAIR), true));
    assertThat(plan.actions().get(0).describe()).contains("under a new uid");
  }

  @Test
  void calendarObjectUnderAnEarlierUidOfAnItemIsRemovedEvenWithoutState() {
    Event moved = FAIR.withUid("d-1.gen2");
    SyncPlan plan = plan(List.of(pending("1", moved, Origin.SOURCE)), List.of(entry(FAIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
    assertThat(((Action.Unpublish) plan.actions().get(0)).reason()).isEqualTo(Action.Reason.SUPERSEDED);
    assertThat(((Action.Unpublish) plan.actions().get(0)).related()).hasValueSatisfying(s -> assertThat(s.id()).isEqualTo("1"));
  }

  @Test
  void approvedItemEqualToItsCalendarObjectNeedsNothing() {
    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(FAIR)));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.inSync()).containsKey("d-1");
  }

  @Test
  void approvedItemChangedInDirectusIsRepublished() {
    Event renamed = event("d-1", "Fair 2026", 5);
    SyncPlan plan = plan(List.of(approved("1", renamed)), List.of(entry(FAIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Republish.class);
    assertThat(((Action.Republish) plan.actions().get(0)).reason()).isEqualTo(Action.Reason.CHANGED_IN_SOURCE);
  }

  @Test
  void calendarEditOfADirectusEventIsOverwrittenAndSaidSo() {
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    SyncPlan plan =
        plan(List.of(approved("1", FAIR)), List.of(entry(event("d-1", "Fair (edited)", 5))));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Republish.class);
    assertThat(((Action.Republish) plan.actions().get(0)).reason()).isEqualTo(Action.Reason.EDITED_IN_CALENDAR);
  }

  @Test
  void aCalendarEditOfAPublishedEventIsCopiedIntoTheItemWhenThePolicyAcceptsIt() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.ACCEPT);
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    Event moved = event("d-1", "Fair (moved to Hall B)", 5);

    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(moved)));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.UpdateSource.class,
        a -> assertThat(a.from().event()).isEqualTo(moved));
  }

  @Test
  void whenBothSidesChangedTheApprovedVersionWinsEvenWhenCalendarEditsAreAccepted() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.ACCEPT);
    state = remembered("d-1", "1", FAIR, entry(FAIR));

    SyncPlan plan = plan(List.of(approved("1", event("d-1", "Fair 2026", 5))),
        List.of(entry(event("d-1", "Fair (edited)", 5))));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Republish.class,
        a -> assertThat(a.reason()).isEqualTo(Action.Reason.CHANGED_ON_BOTH_SIDES));
  }

  @Test
  void aCalendarEditOfAPublishedEventIsProposedAndTheApprovedVersionPutBack() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE);
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    Event moved = Event.builder("d-1", "Fair", FAIR.start()).end(FAIR.end().orElseThrow())
        .location("Hall B").build();

    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(moved)));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Republish.class, a -> {
      assertThat(a.reason()).isEqualTo(Action.Reason.PROPOSED);
      assertThat(a.proposal()).get().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(Proposal.Kind.EDIT);
        assertThat(p.calendar()).hasValue(moved);
        assertThat(p.changes()).containsExactly(
            new Proposal.FieldChange("location", FAIR.location(), Optional.of("Hall B")));
      });
    });
    assertThat(plan.actions().get(0).describe())
        .startsWith("proposed: location " + FAIR.location().map(l -> "'" + l + "'").orElse("(none)")
            + " \u2192 'Hall B' for item 1, from the calendar");
  }

  @Test
  void withoutARecordOfTheCalendarCopyADifferenceIsProposedRatherThanOverwritten() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE);

    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(event("d-1", "Fair!", 5))));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Republish.class,
        a -> assertThat(a.proposal()).isPresent());
  }

  @Test
  void aPublishedEventDeletedInTheCalendarIsProposedForDeletionAndPublishedAgain() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE);
    state = remembered("d-1", "1", FAIR, entry(FAIR));

    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of());

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class, a -> {
      assertThat(a.underNextUid()).isTrue();
      assertThat(a.proposal()).get().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(Proposal.Kind.DELETE);
        assertThat(p.href()).isEqualTo("/cal/d-1.ics");
      });
    });
    assertThat(plan.actions().get(0).describe()).startsWith("proposed: delete item 1");
  }

  @Test
  void whenProposalsCannotBeStoredACalendarEditStaysAndItsRecordIsKept() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE);
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    Event edited = event("d-1", "Fair (edited)", 5);

    SyncPlan plan = new SyncPlanner(policy, uid -> true, false)
        .plan(Listing.of(List.of(approved("1", FAIR))), Listing.of(List.of(entry(edited))), true, state);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.skips()).singleElement().satisfies(
        p -> assertThat(p.problem()).contains("kept there until the edit can be proposed"));
    assertThat(plan.inSync()).containsEntry("d-1", state.get("d-1").orElseThrow());
  }

  private static final Event TALK = Event.builder("t-1", "Talk", FAIR.start())
      .end(FAIR.end().orElseThrow()).location("Room 1").build();

  private static Event with(Event e, String title, String location) {
    return Event.builder(e.uid(), title, e.start()).end(e.end().orElseThrow()).location(location)
        .build();
  }

  @Test
  void aDirectusChangeToOneFieldAndACalendarEditOfAnotherBothSurviveWhenTheEditIsAccepted() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE)
        .withFieldEdits(Map.of("location", SyncPolicy.CalendarEdits.ACCEPT));
    state = remembered("t-1", "1", TALK, entry(TALK));
    Event renamed = with(TALK, "Talk (new title)", "Room 1");
    Event moved = with(TALK, "Talk", "Hall B");

    SyncPlan plan = plan(List.of(approved("1", renamed)), List.of(entry(moved)));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Republish.class, a -> {
      assertThat(a.taken()).hasValue(with(TALK, "Talk (new title)", "Hall B"));
      assertThat(a.proposal()).isEmpty();
      assertThat(a.reason()).isEqualTo(Action.Reason.TAKEN_FROM_CALENDAR);
    });
    assertThat(plan.actions().get(0).describe()).startsWith("item 1 takes location from the calendar");
  }

  @Test
  void perFieldTheCalendarsChangesAreTakenProposedOrOverwritten() {
    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.IGNORE)
        .withFieldEdits(Map.of("location", SyncPolicy.CalendarEdits.ACCEPT,
            "title", SyncPolicy.CalendarEdits.PROPOSE));
    state = remembered("t-1", "1", TALK, entry(TALK));
    Event edited = Event.builder("t-1", "Talk!", TALK.start()).end(TALK.end().orElseThrow())
        .location("Hall B").description("typed in the calendar").build();

    SyncPlan plan = plan(List.of(approved("1", TALK)), List.of(entry(edited)));

    assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Republish.class, a -> {
      assertThat(a.taken()).hasValue(with(TALK, "Talk", "Hall B"));
      assertThat(a.proposal()).get().satisfies(p -> assertThat(p.changes()).containsExactly(
          new Proposal.FieldChange("title", Optional.of("Talk"), Optional.of("Talk!"))));
    });
  }

  @Test
  void aFieldChangedOnBothSidesKeepsTheApprovedValueAndIsProposedOnlyWhereThePolicyProposes() {
    state = remembered("t-1", "1", TALK, entry(TALK));
    List<SourceEvent> items = List.of(approved("1", with(TALK, "Talk", "Room 2")));
    List<CalendarEntry> entries = List.of(entry(with(TALK, "Talk", "Hall B")));

    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.ACCEPT);
    assertThat(plan(items, entries).actions()).singleElement()
        .isInstanceOfSatisfying(Action.Republish.class, a -> {
          assertThat(a.taken()).isEmpty();
          assertThat(a.proposal()).isEmpty();
          assertThat(a.reason()).isEqualTo(Action.Reason.CHANGED_ON_BOTH_SIDES);
        });

    policy = SyncPolicy.defaults().withCalendarEdits(SyncPolicy.CalendarEdits.PROPOSE);
    assertThat(plan(items, entries).actions()).singleElement()
        .isInstanceOfSatisfying(Action.Republish.class, a -> assertThat(a.proposal()).get()
            .satisfies(p -> assertThat(p.changes()).containsExactly(new Proposal.FieldChange(
                "location", Optional.of("Room 2"), Optional.of("Hall B")))));
  }

  @Test
  void directusBornItemNotApprovedIsRemovedFromTheCalendar() {
    SyncPlan plan = plan(List.of(pending("1", FAIR, Origin.SOURCE)), List.of(entry(FAIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
  }

  @Test
  void calendarBornItemAwaitingModerationStaysInTheCalendar() {
    SyncPlan plan = plan(List.of(pending("2", CHOIR, Origin.CALENDAR)), List.of(entry(CHOIR)));
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void calendarBornItemApprovedOnceThenUnapprovedIsRejected() {
    state = new SyncState(Map.of("c-1", record("2", CHOIR, entry(CHOIR), true)));
    SyncPlan plan = plan(List.of(pending("2", CHOIR, Origin.CALENDAR)), List.of(entry(CHOIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
    assertThat(((Action.Unpublish) plan.actions().get(0)).reason()).isEqualTo(Action.Reason.REJECTED);
  }

  @Test
  void hidePendingPolicyRemovesPendingCalendarBornEvents() {
    policy = SyncPolicy.defaults().withHidePending(true);
    SyncPlan plan = plan(List.of(pending("2", CHOIR, Origin.CALENDAR)), List.of(entry(CHOIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
  }

  @Test
  void calendarEditOfPendingItemIsCopiedOnlyWhenThePolicySaysSo() {
    state = remembered("c-1", "2", CHOIR, entry(CHOIR));
    Event edited = event("c-1", "Choir (new room)", 10);
    List<SourceEvent> items = List.of(pending("2", CHOIR, Origin.CALENDAR));

    assertThat(plan(items, List.of(entry(edited))).actions()).isEmpty();

    policy = SyncPolicy.defaults().withImportCalendarEdits(true);
    assertThat(plan(items, List.of(entry(edited))).actions())
        .singleElement()
        .isInstanceOf(Action.UpdateSource.class);
  }

  @Test
  void calendarDeletionOfPendingItemDeletesItOnlyWhenThePolicySaysSo() {
    state = remembered("c-1", "2", CHOIR, entry(CHOIR));
    List<SourceEvent> items = List.of(pending("2", CHOIR, Origin.CALENDAR));

    assertThat(plan(items, List.of()).actions()).isEmpty();

    policy = SyncPolicy.defaults().withDeletePendingOnCalendarDelete(true);
    assertThat(plan(items, List.of()).actions())
        .singleElement()
        .isInstanceOf(Action.DeleteSource.class);
  }

  @Test
  void itemDeletedInDirectusIsRemovedFromTheCalendar() {
    state = remembered("d-1", "1", FAIR, entry(FAIR));
    SyncPlan plan = plan(List.of(), List.of(entry(FAIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
    assertThat(((Action.Unpublish) plan.actions().get(0)).reason()).isEqualTo(Action.Reason.DELETED_IN_SOURCE);
  }

  @Test
  void mintedUidWithoutItemIsRemovedEvenWithoutState() {
    Event published = event("mem-7@source", "Old", 3);
    SyncPlan plan = plan(List.of(), List.of(entry(published)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
  }

  @Test
  void cleanRemovesWhatDirectusDoesNotHaveInsteadOfImporting() {
    policy = SyncPolicy.defaults().withClean(true);
    SyncPlan plan = plan(List.of(), List.of(entry(CHOIR)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
  }

  @Test
  void calendarEventTwinOfAPublishedItemIsRemovedNotImported() {
    Event legacyCopy = event("legacy-9", "fair ", 5); // same title (folded) and start as FAIR
    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(FAIR), entry(legacyCopy)));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Unpublish.class);
    assertThat(((Action.Unpublish) plan.actions().get(0)).current().uid()).isEqualTo("legacy-9");
  }

  @Test
  void calendarEventTwinOfAPendingItemIsLeftAloneAndNotImported() {
    Event typed = event("typed-3", "Fair", 5);
    SyncPlan plan = plan(List.of(pending("1", FAIR, Origin.SOURCE)), List.of(entry(typed)));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.skips()).singleElement().asString().contains("not imported");
  }

  @Test
  void theSameEventTypedTwiceIsImportedOnce() {
    SyncPlan plan =
        plan(List.of(), List.of(entry(event("a-1", "Picnic", 6)), entry(event("a-2", "Picnic", 6))));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Import.class);
    assertThat(plan.skips()).hasSize(1);
  }

  @Test
  void newCalendarEventIsImported() {
    SyncPlan plan = plan(List.of(), List.of(entry(CHOIR)));
    assertThat(plan.actions()).containsExactly(new Action.Import(entry(CHOIR), false));
  }

  @Test
  void importsComeBeforeCalendarWrites() {
    SyncPlan plan = plan(List.of(approved("1", FAIR)), List.of(entry(CHOIR)));
    assertThat(plan.actions()).extracting(a -> a.getClass().getSimpleName())
        .containsExactly("Import", "Publish");
  }

  @Test
  void massDeletionIsRefusedUnlessForced() {
    List<CalendarEntry> many = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      many.add(entry(event("mem-" + i + "@source", "E" + i, i)));
    }
    SyncPlan refused = plan(List.of(), many);
    assertThat(refused.refusal()).get().asString().contains("would remove 10 of the 10 calendar events");

    policy = policy.withForce(true);
    assertThat(plan(List.of(), many).refusal()).isEmpty();
  }

  @Test
  void aMissingCalendarIsPlannedForCreation() {
    SyncPlan plan =
        new SyncPlanner(policy, uid -> false, true)
            .plan(Listing.of(List.of()), Listing.of(List.of()), false, state);
    assertThat(plan.createCalendar()).isTrue();
    assertThat(plan.describe()).contains("create the calendar");
  }

  private SyncPlan plan(List<SourceEvent> items, List<CalendarEntry> entries) {
    return new SyncPlanner(policy, uid -> uid.startsWith("mem-"), true)
        .plan(Listing.of(items), Listing.of(entries), true, state);
  }

  private static SourceEvent approved(String id, Event e) {
    return new SourceEvent(id, e, true, Origin.SOURCE);
  }

  private static SourceEvent pending(String id, Event e, Origin origin) {
    return new SourceEvent(id, e, false, origin);
  }

  private static CalendarEntry entry(Event e) {
    return new CalendarEntry("/cal/" + e.uid() + ".ics", Optional.of("\"1\""), e);
  }

  private static SyncState remembered(String uid, String id, Event e, CalendarEntry c) {
    return new SyncState(Map.of(uid, record(id, e, c, false)));
  }

  private static SyncRecord record(String id, Event e, CalendarEntry c, boolean everApproved) {
    return new SyncRecord(
        Optional.of(id), Optional.of(e.contentHash()), Optional.of(c.href()),
        Optional.of(c.event().contentHash()), everApproved, true,
        e.equals(c.event()) ? Optional.of(e) : Optional.empty());
  }

  @Test
  void sourceActionsComeFirstAndKindsNameEveryAction() {
    Event early = event("a-1", "Early", 3); // sorts before CHOIR's uid: order is by side first
    SyncPlan plan = plan(List.of(approved("1", early)), List.of(entry(CHOIR)));
    assertThat(plan.actions()).extracting(Action::kind)
        .containsExactly(Action.Kind.IMPORT, Action.Kind.PUBLISH);
    assertThat(plan.actions()).extracting(Action::side)
        .containsExactly(Action.Side.SOURCE, Action.Side.CALENDAR);
  }
}
