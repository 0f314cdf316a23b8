package org.eventsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.testing.InMemoryEventSink;
import org.eventsync.core.testing.InMemoryEventSource;
import org.eventsync.core.testing.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

/** One source routed by category to three calendars, each with its own state, as a run does it. */
class RoutedSourceTest {

  private final InMemoryEventSource source = new InMemoryEventSource();
  private final Map<String, InMemoryEventSink> calendars = new LinkedHashMap<>();
  private final Map<String, InMemorySyncStateStore> states = new LinkedHashMap<>();

  RoutedSourceTest() {
    for (String category : List.of("Concert", "Workshop", "Talk")) {
      calendars.put(category, new InMemoryEventSink());
      states.put(category, new InMemorySyncStateStore());
    }
  }

  private static Event event(String uid, String category) {
    return Event.builder(uid, "Event " + uid, EventTime.of(
            ZonedDateTime.of(2027, 3, 1, 19, 0, 0, 0, ZoneId.of("Europe/Berlin"))))
        .category(category).build();
  }

  /** One run of the routed pair: each calendar in turn; what each did, by category. */
  private Map<String, List<String>> run() {
    Map<String, List<String>> done = new LinkedHashMap<>();
    calendars.forEach((category, calendar) -> done.put(category, new Synchronizer(
            new RoutedSource(source, new RoutedSource.Route("category", category)), calendar,
            states.get(category), SyncPolicy.defaults(), SyncListener.silent())
        .run(() -> false).plan().actions().stream().map(Action::describe).toList()));
    return done;
  }

  private List<String> titles(String category) {
    return calendars.get(category).all().stream().map(CalendarEntry::event).map(Event::title)
        .sorted().toList();
  }

  @Test
  void eachCalendarShowsItsCategoryAndAnItemThatChangesCategoryMovesInOneRun() {
    String concert = source.add(event("a", "Concert"), true);
    source.add(event("b", "workshop, Music"), true);
    source.add(event("c", "Talk"), true);
    source.add(event("d", "Other"), true);
    source.add(event("e", "Concert"), false);
    run();

    assertThat(titles("Concert")).containsExactly("Event a");
    assertThat(titles("Workshop")).containsExactly("Event b");
    assertThat(titles("Talk")).containsExactly("Event c");

    source.edit(concert, event("a", "Workshop"));
    Map<String, List<String>> moved = run();
    assertThat(moved.get("Concert")).singleElement().asString()
        .contains("remove").contains("the source now routes it to another calendar");
    assertThat(moved.get("Workshop")).singleElement().asString().contains("publish");
    assertThat(titles("Concert")).isEmpty();
    assertThat(titles("Workshop")).containsExactly("Event a", "Event b");

    source.approve(concert, false);
    run();
    assertThat(titles("Workshop")).containsExactly("Event b");
    assertThat(calendars.values().stream().mapToInt(c -> c.all().size()).sum()).isEqualTo(2);
  }

  @Test
  void anEventTypedIntoACalendarIsImportedWithItsRouteAndStaysThere() {
    calendars.get("Talk").type(event("typed", "Whatever the person wrote"));
    run();

    List<SourceEvent> items = source.all();
    assertThat(items).hasSize(1);
    assertThat(items.get(0).event().category()).hasValue("Talk");
    assertThat(items.get(0).approved()).isFalse();
    run();
    assertThat(titles("Talk")).containsExactly("Event typed");
    assertThat(titles("Concert")).isEmpty();
    assertThat(source.all()).hasSize(1);
  }

  @Test
  void aRouteNeedsOneTextValue() {
    assertThatThrownBy(() -> new RoutedSource.Route("start", "x"))
        .hasMessageContaining("a route needs a text field");
    assertThatThrownBy(() -> new RoutedSource.Route("category", "A,B"))
        .hasMessageContaining("one non-empty value");
  }
}
