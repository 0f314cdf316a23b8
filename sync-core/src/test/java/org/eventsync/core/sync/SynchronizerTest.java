package org.eventsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsync.core.testing.Events.event;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsync.core.Event;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.testing.InMemoryEventSink;
import org.eventsync.core.testing.InMemoryEventSource;
import org.eventsync.core.testing.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.mockito.Mockito;

class SynchronizerTest {

  private final InMemoryEventSource source = new InMemoryEventSource();
  private final InMemoryEventSink calendar = spy(new InMemoryEventSink());
  private final InMemorySyncStateStore store = spy(new InMemorySyncStateStore());

  private Synchronizer synchronizer() {
    return new Synchronizer(source, calendar, store, SyncPolicy.defaults(), SyncListener.silent());
  }

  @Test
  void sidesUnchangedSinceTheyAgreedAreNeitherListedNorPlannedAndAChangeEndsThat() {
    String id = source.add(event("x", "One", 1), true);
    synchronizer().run(() -> false); // publishes
    synchronizer().run(() -> false); // lists both sides, finds agreement, remembers it
    assertThat(store.load().agreement()).isPresent();
    clearInvocations(calendar, store);

    SyncReport unchanged = synchronizer().run(() -> false);

    verify(calendar, never()).list();
    verify(store, never()).load(); // the state's head is enough
    assertThat(unchanged.plan().isEmpty()).isTrue();
    assertThat(unchanged.inSync()).isEqualTo(1);

    source.edit(id, event("x", "One, moved", 2));
    SyncReport changed = synchronizer().run(() -> false);

    InOrder asked = inOrder(calendar);
    asked.verify(calendar).version(); // every run asks before it lists
    asked.verify(calendar).list();
    assertThat(changed.done()).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(Action.Kind.REPUBLISH));
    assertThat(store.load().agreement()).as("a run that wrote proves no agreement").isEmpty();
  }

  @Test
  void aReconcileListsBothSidesEvenWhenTheyAgreedAndCountsWhatAwaitsModeration() {
    source.add(event("x", "One", 1), true);
    source.add(event("y", "Two", 1), false);
    synchronizer().run(() -> false);
    synchronizer().run(() -> false);
    assertThat(store.load().agreement()).isPresent();
    clearInvocations(calendar);

    SyncReport proved = synchronizer().run(() -> false);
    SyncReport reconciled = synchronizer().reconcile(() -> false);

    verify(calendar).list(); // once: by the reconcile
    assertThat(proved.plan().awaitingModeration()).as("not listed, not known").isEmpty();
    assertThat(reconciled.plan().awaitingModeration()).hasValue(1);
    assertThat(reconciled.plan().isEmpty()).isTrue();
    assertThat(store.load().agreement()).as("a reconcile that found agreement proves it").isPresent();
  }

  @Test
  void anUnreadableObjectIsPartialWhenFoundAndNoObstacleToAgreementOnceRepeatedUnchanged() {
    source.add(event("x", "One", 1), true);
    synchronizer().run(() -> false); // publishes
    ItemProblem found = new ItemProblem("calendar object /c/bad.ics", "missing DTSTART", Optional.of("bad"));
    Listing<CalendarEntry> listed = calendar.list();
    doReturn(new Listing<>(listed.items(), List.of(found))).when(calendar).list();

    SyncReport first = synchronizer().run(() -> false);

    assertThat(first.partial()).isTrue();
    assertThat(store.load().agreement()).as("a new problem: the next run lists again").isEmpty();

    doReturn(new Listing<>(listed.items(), List.of(found.again()))).when(calendar).list();
    SyncReport second = synchronizer().run(() -> false);

    assertThat(second.partial()).isFalse();
    assertThat(second.plan().problems()).containsExactly(found.again());
    assertThat(second.plan().newProblems()).isEmpty();
    assertThat(store.load().agreement()).as("only a repeated problem: agreement").isPresent();
  }

  @Test
  void otherRulesAreNoAgreement() {
    source.add(event("x", "One", 1), true);
    synchronizer().run(() -> false);
    synchronizer().run(() -> false);
    clearInvocations(calendar);

    new Synchronizer(source, calendar, store, SyncPolicy.defaults().withHidePending(true),
        SyncListener.silent()).run(() -> false);

    verify(calendar).list();
  }

  @Test
  void aFailedItemIsReportedAndTheRestIsWritten() {
    String bad = source.add(event("x", "Broken", 1), true);
    source.add(event("x", "Fine", 2), true);
    Event broken = source.get(bad).orElseThrow().event();
    doThrow(new ItemFailedException("refused")).when(calendar).create(broken);

    SyncReport report = synchronizer().run(() -> false);

    assertThat(report.failed()).singleElement().asString().contains("Broken", "refused");
    assertThat(calendar.all()).extracting(c -> c.event().title()).containsExactly("Fine");
    assertThat(store.load().get(broken.uid())).isEmpty();
    assertThat(report.partial()).isTrue();
  }

  @Test
  void aStopRequestFinishesTheCurrentItemSavesAndSaysInterrupted() {
    source.add(event("x", "One", 1), true);
    source.add(event("x", "Two", 2), true);
    AtomicInteger asked = new AtomicInteger();

    SyncReport report = synchronizer().run(() -> asked.incrementAndGet() > 1);

    assertThat(report.interrupted()).isTrue();
    assertThat(calendar.all()).hasSize(1);
    assertThat(store.load().records().values()).singleElement().satisfies(r -> assertThat(r.href()).isPresent());
    assertThat(synchronizer().run(() -> false).done()).hasSize(1);
  }

  @Test
  void anUnavailableSideStopsTheRunAfterSavingWhatWasDone() {
    source.add(event("x", "One", 1), true);
    String second = source.add(event("x", "Two", 2), true);
    doThrow(new SideUnavailableException(Reason.UNREACHABLE, "down"))
        .when(calendar)
        .create(source.get(second).orElseThrow().event());

    assertThatThrownBy(() -> synchronizer().run(() -> false)).hasMessage("down");

    assertThat(store.load().records().values())
        .anySatisfy(r -> assertThat(r.href()).isPresent());
  }

  @Test
  void aDryRunWritesNothingNotEvenTheCalendar() {
    source.add(event("x", "One", 1), true);

    SyncReport report = synchronizer().dryRun();

    assertThat(report.plan().createCalendar()).isTrue();
    assertThat(report.plan().actions()).hasSize(1);
    assertThat(calendar.exists()).isFalse();
    assertThat(store.load().records()).isEmpty();
    Mockito.verify(calendar, Mockito.never()).create(any());
  }

  @Test
  void anUnexpectedErrorOfOneItemFailsThatItemAloneAndTheStateIsSaved() {
    String bad = source.add(event("x", "Odd", 1), true);
    source.add(event("x", "Fine", 2), true);
    Event odd = source.get(bad).orElseThrow().event();
    doThrow(new IllegalStateException("no rule foresaw this")).when(calendar).create(odd);

    SyncReport report = synchronizer().run(() -> false);

    assertThat(report.failed()).singleElement().asString()
        .contains("Odd", "failed unexpectedly", "no rule foresaw this");
    assertThat(calendar.all()).extracting(c -> c.event().title()).containsExactly("Fine");
    assertThat(store.load().records()).hasSize(1);
  }

  @Test
  void aStateSavedForAnotherPairIsNotUsed() {
    source.add(event("x", "One", 1), true);
    InMemoryEventSink first = spy(new InMemoryEventSink());
    doReturn(Optional.of("calendar A")).when(first).identity();
    InMemoryEventSource named = spy(source);
    doReturn(Optional.of("collection C")).when(named).identity();
    new Synchronizer(named, first, store, SyncPolicy.defaults(), SyncListener.silent()).run(() -> false);
    assertThat(store.load().pair()).hasValue("collection C and calendar A");

    InMemoryEventSink second = spy(new InMemoryEventSink());
    doReturn(Optional.of("calendar B")).when(second).identity();
    List<String> notes = new ArrayList<>();
    SyncListener listener = new SyncListener() {
      @Override
      public void note(String message) {
        notes.add(message);
      }
    };
    new Synchronizer(named, second, store, SyncPolicy.defaults(), listener).run(() -> false);

    assertThat(second.all()).extracting(c -> c.uid()).containsExactlyElementsOf(
        first.all().stream().map(c -> c.uid()).toList());
    assertThat(notes).singleElement().asString().contains("belongs to collection C and calendar A",
        "not to collection C and calendar B");
    assertThat(store.load().pair()).hasValue("collection C and calendar B");
  }

  @Test
  void withSeveralWritesInFlightTheCalendarIsFoundWhileTheSourceTellsItsVersion() {
    source.add(event("x", "One", 1), true);
    InMemoryEventSource asked = spy(source);
    CountDownLatch sourceAsked = new CountDownLatch(1);
    doAnswer(call -> {
      sourceAsked.countDown();
      return call.callRealMethod();
    }).when(asked).version();
    AtomicBoolean overlapped = new AtomicBoolean();
    doAnswer(call -> {
      overlapped.set(sourceAsked.await(5, TimeUnit.SECONDS)); // taking turns, it would wait in vain
      return call.callRealMethod();
    }).when(calendar).prepare(anyBoolean());

    new Synchronizer(asked, calendar, store, SyncPolicy.defaults(), SyncListener.silent())
        .withWriteConcurrency(2).run(() -> false);

    assertThat(overlapped).isTrue();
    assertThat(calendar.all()).hasSize(1);
  }

  @Test
  void whenBothSidesFailTheCalendarsFailureIsTold() {
    doThrow(new SideUnavailableException(Reason.AUTHENTICATION, "the calendar refuses"))
        .when(calendar).prepare(anyBoolean());
    InMemoryEventSource down = spy(source);
    doThrow(new SideUnavailableException(Reason.UNREACHABLE, "the source is down"))
        .when(down).version();

    for (int concurrency : new int[] {1, 4}) {
      assertThatThrownBy(() -> new Synchronizer(down, calendar, store, SyncPolicy.defaults(),
              SyncListener.silent()).withWriteConcurrency(concurrency).run(() -> false))
          .as("with %d writes in flight", concurrency).hasMessage("the calendar refuses");
    }
  }
}
