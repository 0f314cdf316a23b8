package org.eventsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSink.CalendarState;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from an {@link EventSink}, as tests any implementation must pass.
 * Extend it in your adapter's tests (it ships in sync-core's test-jar) and say how to open your
 * sink and how a person edits an event behind its back; the CalDAV adapter and the in-memory
 * fake pass the same tests.
 */
public abstract class EventSinkContract {

  /** A sink over a calendar that is missing or empty, new for each test. */
  protected abstract EventSink newSink();

  /** The same calendar opened again, as the next run opens it. */
  protected abstract EventSink reopen();

  /** A person replaces the event at {@code entry} with {@code content} in a calendar app. */
  protected abstract void editElsewhere(CalendarEntry entry, Event content);

  private EventSink prepared() {
    EventSink sink = newSink();
    assertThat(sink.prepare(true)).isIn(CalendarState.CREATED, CalendarState.EXISTS);
    return sink;
  }

  private List<CalendarEntry> listedAgain() {
    EventSink next = reopen();
    assertThat(next.prepare(false)).isEqualTo(CalendarState.EXISTS);
    return next.list().items();
  }

  @Test
  void preparingCreatesAMissingCalendarOnceAndFindsItAfterwards() {
    EventSink sink = newSink();
    assertThat(sink.prepare(true)).isIn(CalendarState.CREATED, CalendarState.EXISTS);
    assertThat(reopen().prepare(true)).isEqualTo(CalendarState.EXISTS);
    assertThat(reopen().prepare(false)).isEqualTo(CalendarState.EXISTS);
  }

  @Test
  void everyKindOfEventIsListedAsItWasWritten() {
    EventSink sink = prepared();
    List<Event> events = ContractEvents.everyKind("kind");
    events.forEach(sink::create);
    sink.flush();

    assertThat(listedAgain()).extracting(CalendarEntry::event).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void anUpdateReplacesTheContentForTheNextRun() {
    EventSink sink = prepared();
    CalendarEntry created = sink.create(ContractEvents.simple("u-1", "Before"));
    Event after = ContractEvents.simple("u-1", "After");

    CalendarEntry updated = sink.update(created, after);
    sink.flush();

    assertThat(updated.event()).isEqualTo(after);
    assertThat(listedAgain()).extracting(CalendarEntry::event).containsExactly(after);
  }

  @Test
  void aDeletedEventIsGoneForTheNextRun() {
    EventSink sink = prepared();
    CalendarEntry kept = sink.create(ContractEvents.simple("k-1", "Kept"));
    sink.delete(sink.create(ContractEvents.simple("d-1", "Deleted")));
    sink.flush();

    assertThat(listedAgain()).extracting(CalendarEntry::uid).containsExactly(kept.uid());
  }

  /** Writes are conditional: a person's newer edit is never overwritten or deleted blindly. */
  @Test
  void writesAgainstAStaleVersionFailAndChangeNothing() {
    EventSink sink = prepared();
    CalendarEntry read = sink.create(ContractEvents.simple("s-1", "Ours"));
    Event theirs = ContractEvents.simple("s-1", "A person's edit");
    editElsewhere(read, theirs);

    assertThatThrownBy(() -> sink.update(read, ContractEvents.simple("s-1", "Overwrite")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> sink.delete(read)).isInstanceOf(ConflictException.class);
    assertThat(listedAgain()).extracting(CalendarEntry::event).containsExactly(theirs);
  }

  @Test
  void creatingAUidThatIsThereAlreadyRefusesOrLinksButNeverMakesASecondObject() {
    EventSink sink = prepared();
    sink.create(ContractEvents.simple("twice", "First"));
    Event second = ContractEvents.simple("twice", "Second");
    Optional<CalendarEntry> linked;
    try {
      linked = Optional.of(sink.create(second));
    } catch (ConflictException refused) {
      linked = Optional.empty();
    }
    sink.flush();

    List<CalendarEntry> listed = listedAgain();
    assertThat(listed).extracting(CalendarEntry::uid).containsExactly("twice");
    // Linking replaced the holder with this event; refusing left the first one as it was.
    assertThat(listed.get(0).event())
        .isEqualTo(linked.isPresent() ? second : ContractEvents.simple("twice", "First"));
    linked.ifPresent(l -> assertThat(l.href()).isEqualTo(listed.get(0).href()));
  }

  @Test
  void anEmptyCalendarListsNothing() {
    prepared();
    assertThat(listedAgain()).isEmpty();
  }
}
