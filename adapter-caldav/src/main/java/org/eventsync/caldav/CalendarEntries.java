package org.eventsync.caldav;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;

/**
 * The mirror's objects as events, each parsed once per version: what an object was read as is
 * kept with it in the mirror, and a changed object is a new mirror item. So a problem is new
 * once per version, and {@linkplain ItemProblem#repeated repeated} in later listings of it.
 */
final class CalendarEntries {

  private final ICalendarCodec codec;

  CalendarEntries(ICalendarCodec codec) {
    this.codec = codec;
  }

  /** Every event object in {@code mirror}, and one problem for each that cannot be read. */
  Listing<CalendarEntry> of(CalendarMirror mirror) {
    List<CalendarEntry> entries = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    mirror.items().values().forEach(item -> {
      Optional<String> etag = item.etag.isEmpty() ? Optional.empty() : Optional.of(item.etag);
      if (item.event != null) {
        entries.add(new CalendarEntry(item.href, etag, item.event));
        return;
      }
      Optional<String> text = mirror.text(item);
      if (text.isEmpty()) {
        problems.add(new ItemProblem("calendar object " + item.href,
            "its copy in the calendar cache cannot be read; the next run reads it again",
            Optional.empty()));
        return;
      }
      if (!text.get().contains("BEGIN:VEVENT")) {
        return; // a task or journal entry in the same collection: not ours to judge
      }
      // A problem kept with the item was found in this same version by an earlier listing.
      boolean repeated = item.problem != null;
      Optional<Event> event = repeated ? Optional.empty() : parse(item, text.get(), mirror);
      if (event.isPresent()) {
        entries.add(new CalendarEntry(item.href, etag, event.get()));
      } else {
        ItemProblem problem = new ItemProblem("calendar object " + item.href, item.problem,
            ObjectText.of(ICalendarCodec.prepareForParsing(text.get())).master()
                .flatMap(ObjectText.Block::uid));
        problems.add(repeated ? problem.again() : problem);
      }
    });
    return new Listing<>(entries, problems);
  }

  /** Parses {@code text}, the text of {@code item}, and keeps the result in the mirror. */
  private Optional<Event> parse(CalendarMirror.Item item, String text, CalendarMirror mirror) {
    try {
      Event event = codec.parse(text);
      mirror.parsed(item, Optional.of(event), null);
      return Optional.of(event);
    } catch (InvalidEventException e) {
      mirror.parsed(item, Optional.empty(), e.getMessage());
    } catch (RuntimeException e) {
      mirror.parsed(item, Optional.empty(), "cannot be read (" + e + ")");
    }
    return Optional.empty();
  }
}
