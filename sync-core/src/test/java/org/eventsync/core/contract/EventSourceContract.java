package org.eventsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eventsync.core.Event;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from an {@link EventSource}, as tests any implementation must pass.
 * Extend it in your adapter's tests (it ships in sync-core's test-jar); the Directus adapter, the
 * in-memory fake and the JSON-file example pass the same tests.
 */
public abstract class EventSourceContract {

  /** A source over an empty store, new for each test. */
  protected abstract EventSource newSource();

  /** The same store opened again, as the next run opens it. */
  protected abstract EventSource reopen();

  /** A moderator approves the item in the source's own tool. */
  protected abstract void approveElsewhere(SourceEvent item);

  private List<SourceEvent> listedAgain() {
    EventSource next = reopen();
    return next.list().items();
  }

  private static SourceEvent only(List<SourceEvent> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void anEmptySourceListsNothing() {
    newSource();
    assertThat(listedAgain()).isEmpty();
  }

  @Test
  void importedEventsAreStoredNotApprovedAsCalendarBornWithTheirUid() {
    EventSource source = newSource();
    List<Event> events = ContractEvents.everyKind("typed");

    List<ImportOutcome> outcomes = source.importEvents(events);
    source.flush();

    assertThat(outcomes).hasSize(events.size()).allSatisfy(o -> assertThat(o.stored()).isPresent());
    List<SourceEvent> items = listedAgain();
    assertThat(items).extracting(SourceEvent::event).containsExactlyInAnyOrderElementsOf(events);
    assertThat(items).allSatisfy(s -> {
      assertThat(s.approved()).isFalse();
      assertThat(s.origin()).isEqualTo(Origin.CALENDAR);
      assertThat(source.mintedUid(s.uid())).as("an imported uid is not minted").isFalse();
    });
  }

  @Test
  void anApprovalMadeInTheSourceIsSeen() {
    EventSource source = newSource();
    SourceEvent item = source.importEvent(ContractEvents.simple("a-1", "To approve"));
    source.flush();

    approveElsewhere(item);

    assertThat(only(listedAgain()).approved()).isTrue();
  }

  @Test
  void anUpdateChangesTheContentButNotTheApproval() {
    EventSource source = newSource();
    SourceEvent item = source.importEvent(ContractEvents.simple("e-1", "Before"));
    Event after = ContractEvents.simple("e-1", "After");

    SourceEvent updated = source.update(item, after);
    source.flush();

    assertThat(updated.event()).isEqualTo(after);
    SourceEvent listed = only(listedAgain());
    assertThat(listed.event()).isEqualTo(after);
    assertThat(listed.approved()).isFalse();
  }

  @Test
  void aReassignedUidIsKeptForTheNextRun() {
    EventSource source = newSource();
    SourceEvent item = source.importEvent(ContractEvents.simple("r-1", "Moves"));

    SourceEvent moved = source.reassignUid(item, "r-1.gen2");
    source.flush();

    assertThat(moved.uid()).isEqualTo("r-1.gen2");
    assertThat(moved.id()).isEqualTo(item.id());
    SourceEvent listed = only(listedAgain());
    assertThat(listed.uid()).isEqualTo("r-1.gen2");
    assertThat(listed.event()).isEqualTo(item.event().withUid("r-1.gen2"));
  }

  @Test
  void aDeletedItemIsGoneForTheNextRun() {
    EventSource source = newSource();
    SourceEvent kept = source.importEvent(ContractEvents.simple("k-1", "Kept"));
    source.delete(source.importEvent(ContractEvents.simple("d-1", "Deleted")));
    source.flush();

    assertThat(listedAgain()).extracting(SourceEvent::id).containsExactly(kept.id());
  }
}
