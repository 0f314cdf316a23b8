package org.eventsync.core.sync;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.Proposal;

/**
 * The part of a source that one calendar of a route shows: the items whose {@code field} holds
 * {@code value} (one of the categories, for {@code category}). An item whose value changes leaves
 * this part, so the sync removes it from this calendar, and enters another route's part, whose
 * sync publishes it there; events typed into this calendar are imported with the value. Items
 * that cannot be read are reported by every route, so that no route takes them for deleted.
 */
public final class RoutedSource implements EventSource {

  /**
   * Which items a calendar shows.
   *
   * @param field an event field (see {@link EventFields#NAMES}) but the times
   * @param value the value the field holds for this calendar, compared without regard to case
   */
  public record Route(String field, String value) {
    public Route {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
      if (!EventFields.NAMES.contains(field) || field.equals("start") || field.equals("end")) {
        throw new IllegalArgumentException("a route needs a text field among "
            + EventFields.NAMES.stream().filter(f -> !f.equals("start") && !f.equals("end"))
                .toList() + ", not '" + field + "'");
      }
      if (value.isBlank() || value.contains(",") && field.equals("category")) {
        throw new IllegalArgumentException("a route's value must be one non-empty value, not '"
            + value + "'");
      }
      value = value.strip();
    }

    /** Whether {@code event} belongs to this route. */
    boolean holds(Event event) {
      Optional<String> text = EventFields.text(event, field);
      if (text.isEmpty()) {
        return false;
      }
      List<String> values = field.equals("category") ? List.of(text.get().split(","))
          : List.of(text.get());
      return values.stream().anyMatch(v -> v.strip().toLowerCase(Locale.ROOT)
          .equals(value.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
      return field + " '" + value + "'";
    }
  }

  private final EventSource source;
  private final Route route;

  public RoutedSource(EventSource source, Route route) {
    this.source = Objects.requireNonNull(source, "source");
    this.route = Objects.requireNonNull(route, "route");
  }

  @Override
  public Listing<SourceEvent> list() {
    Listing<SourceEvent> all = source.list();
    Map<Boolean, List<SourceEvent>> parts =
        all.items().stream().collect(Collectors.partitioningBy(s -> route.holds(s.event())));
    return new Listing<>(parts.get(true), all.problems(),
        parts.get(false).stream().map(SourceEvent::uid).collect(Collectors.toSet()));
  }

  @Override
  public boolean mintedUid(String uid) {
    return source.mintedUid(uid);
  }

  @Override
  public SourceEvent importEvent(Event event) {
    return source.importEvent(routed(event));
  }

  @Override
  public List<ImportOutcome> importEvents(List<Event> events) {
    return source.importEvents(events.stream().map(this::routed).toList());
  }

  /** An event typed into this calendar belongs to its route, whatever else it says. */
  private Event routed(Event event) {
    return route.holds(event) ? event : EventFields.with(event, route.field(), route.value());
  }

  @Override
  public SourceEvent update(SourceEvent current, Event content) {
    return source.update(current, content);
  }

  @Override
  public SourceEvent reassignUid(SourceEvent current, String uid) {
    return source.reassignUid(current, uid);
  }

  @Override
  public void delete(SourceEvent current) {
    source.delete(current);
  }

  @Override
  public void propose(Proposal proposal) {
    source.propose(proposal);
  }

  @Override
  public List<String> carryOutDecisions(boolean apply) {
    return source.carryOutDecisions(apply);
  }

  @Override
  public void flush() {
    source.flush();
  }

  /** The source's version and the route: a changed route never reuses an agreement. */
  @Override
  public Optional<String> version() {
    return source.version().map(v -> v + " where " + route);
  }

  @Override
  public Optional<String> identity() {
    return source.identity().map(i -> i + " where " + route);
  }
}
