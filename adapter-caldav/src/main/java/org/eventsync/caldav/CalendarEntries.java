package org.eventsync.caldav;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;

/**
 * The mirror's objects as events, each parsed once per version: an object whose ETag did not
 * change since it was parsed is not parsed again.
 */
final class CalendarEntries {

  private record Parsed(String etag, Optional<Event> event, String problem) {}

  private final ICalendarCodec codec;
  private final Map<String, Parsed> parsed = new HashMap<>();

  CalendarEntries(ICalendarCodec codec) {
    this.codec = codec;
  }

  /** Every event object in {@code mirror}, and one problem for each that cannot be read. */
  Listing<CalendarEntry> of(CalendarMirror mirror) {
    List<CalendarEntry> entries = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    parsed.keySet().retainAll(mirror.items().keySet());
    mirror.items().forEach((key, item) -> {
      if (!item.ics.contains("BEGIN:VEVENT")) {
        return; // a task or journal entry in the same collection: not ours to judge
      }
      Parsed p = parsed.get(key);
      if (p == null || !p.etag().equals(item.etag) || item.etag.isEmpty()) {
        p = parse(item);
        parsed.put(key, p);
      }
      Optional<String> etag = item.etag.isEmpty() ? Optional.empty() : Optional.of(item.etag);
      if (p.event().isPresent()) {
        entries.add(new CalendarEntry(item.href, etag, p.event().get()));
      } else {
        problems.add(new ItemProblem("calendar object " + item.href, p.problem(),
            ObjectText.of(ICalendarCodec.prepareForParsing(item.ics)).master()
                .flatMap(ObjectText.Block::uid)));
      }
    });
    return new Listing<>(entries, problems);
  }

  private Parsed parse(CalendarMirror.Item item) {
    try {
      return new Parsed(item.etag, Optional.of(codec.parse(item.ics)), "");
    } catch (InvalidEventException e) {
      return new Parsed(item.etag, Optional.empty(), e.getMessage());
    } catch (RuntimeException e) {
      return new Parsed(item.etag, Optional.empty(), "cannot be read (" + e + ")");
    }
  }
}
