package org.eventsync.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException;

/**
 * A worked example of a custom adapter: the moderated side kept in one JSON file, for a group that
 * edits its events in a text editor or a script instead of Directus. It implements the {@link
 * EventSource} port and passes the same {@code EventSourceContract} as the Directus adapter.
 *
 * <p>The file is a JSON array of items:
 *
 * <pre>
 * [{"id": "1", "title": "Choir concert", "start": "2026-12-05T19:00+01:00[Europe/Berlin]",
 *   "end": "2026-12-05T21:00+01:00[Europe/Berlin]", "location": "Town hall", "approved": true}]
 * </pre>
 *
 * Whole days are dates ({@code "2026-12-12"}, end exclusive). Items without a {@code uid} get one
 * minted from their id ({@code json-1@events.json}); imported calendar events keep theirs. Every
 * write replaces the file atomically.
 */
public final class JsonFileEventSource implements EventSource {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** One item as it stands in the file. */
  static final class Item {
    String id;
    String uid;
    String title;
    String start;
    String end;
    String description;
    String location;
    String organizer;
    String cost;
    String category;
    String website;
    String recurrence;
    boolean approved;
    /** "calendar" for events imported from the calendar, else absent. */
    String origin;
  }

  private final Path file;
  private final String uidSuffix;

  public JsonFileEventSource(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    this.uidSuffix = "@" + file.getFileName();
  }

  @Override
  public synchronized Listing<SourceEvent> list() {
    List<SourceEvent> events = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    for (Item item : read()) {
      try {
        events.add(toSourceEvent(item));
      } catch (InvalidEventException | DateTimeParseException e) {
        problems.add(new ItemProblem("item " + item.id + " in " + file, e.getMessage()));
      }
    }
    return new Listing<>(events, problems);
  }

  @Override
  public synchronized boolean mintedUid(String uid) {
    return uid.startsWith("json-") && uid.endsWith(uidSuffix);
  }

  @Override
  public synchronized SourceEvent importEvent(Event event) {
    List<Item> items = read();
    if (items.stream().anyMatch(i -> event.uid().equals(uidOf(i)))) {
      throw new ItemFailedException("uid " + event.uid() + " is already in " + file);
    }
    Item item = fromEvent(event, new Item());
    item.id = String.valueOf(items.stream().mapToLong(i -> Long.parseLong(i.id)).max().orElse(0) + 1);
    item.uid = event.uid();
    item.origin = "calendar";
    items.add(item);
    write(items);
    return toSourceEvent(item);
  }

  @Override
  public synchronized SourceEvent update(SourceEvent current, Event content) {
    return change(current, item -> fromEvent(content, item));
  }

  @Override
  public synchronized SourceEvent reassignUid(SourceEvent current, String uid) {
    return change(current, item -> item.uid = uid);
  }

  @Override
  public synchronized void delete(SourceEvent current) {
    List<Item> items = read();
    items.removeIf(i -> i.id.equals(current.id()));
    write(items);
  }

  private SourceEvent change(SourceEvent current, Consumer<Item> change) {
    List<Item> items = read();
    Item item = items.stream().filter(i -> i.id.equals(current.id())).findFirst()
        .orElseThrow(() -> new ItemFailedException("item " + current.id() + " is no longer in " + file));
    change.accept(item);
    write(items);
    return toSourceEvent(item);
  }

  private String uidOf(Item item) {
    return item.uid != null && !item.uid.isBlank() ? item.uid : "json-" + item.id + uidSuffix;
  }

  private SourceEvent toSourceEvent(Item item) {
    Event.Builder event = Event.builder(uidOf(item), item.title, time(item.start));
    Optional.ofNullable(item.end).map(JsonFileEventSource::time).ifPresent(event::end);
    Optional.ofNullable(item.description).ifPresent(event::description);
    Optional.ofNullable(item.location).ifPresent(event::location);
    Optional.ofNullable(item.organizer).ifPresent(event::organizer);
    Optional.ofNullable(item.cost).ifPresent(event::cost);
    Optional.ofNullable(item.category).ifPresent(event::category);
    Optional.ofNullable(item.website).ifPresent(event::website);
    Optional.ofNullable(item.recurrence).ifPresent(event::recurrence);
    Origin origin = "calendar".equals(item.origin) ? Origin.CALENDAR : Origin.SOURCE;
    return new SourceEvent(item.id, event.build(), item.approved, origin);
  }

  private static Item fromEvent(Event event, Item item) {
    item.title = event.title();
    item.start = text(event.start());
    item.end = event.end().map(JsonFileEventSource::text).orElse(null);
    item.description = event.description().orElse(null);
    item.location = event.location().orElse(null);
    item.organizer = event.organizer().orElse(null);
    item.cost = event.cost().orElse(null);
    item.category = event.category().orElse(null);
    item.website = event.website().orElse(null);
    item.recurrence = event.recurrence().orElse(null);
    return item;
  }

  private static EventTime time(String text) {
    if (text == null) {
      throw new InvalidEventException("missing start");
    }
    return text.length() == 10 ? EventTime.of(LocalDate.parse(text)) : EventTime.of(ZonedDateTime.parse(text));
  }

  private static String text(EventTime time) {
    return time instanceof EventTime.AllDay day ? day.date().toString()
        : ((EventTime.At) time).time().toString();
  }

  private List<Item> read() {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      List<Item> items = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
          new TypeToken<List<Item>>() {}.getType());
      return items == null ? new ArrayList<>() : new ArrayList<>(items);
    } catch (IOException | JsonParseException e) {
      throw new SideUnavailableException(SideUnavailableException.Reason.CONFIGURATION,
          "cannot read " + file + ": " + e.getMessage());
    }
  }

  private void write(List<Item> items) {
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".events", ".tmp");
      Files.writeString(temp, GSON.toJson(items), StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SideUnavailableException(SideUnavailableException.Reason.CONFIGURATION,
          "cannot write " + file + ": " + e.getMessage());
    }
  }
}
