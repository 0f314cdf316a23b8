package org.eventsync.caldav;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import com.google.gson.JsonObject;
import java.util.Optional;
import org.eventsync.files.CacheFile;

/**
 * What this client last read of the calendar: each object's href, ETag and text, and the
 * collection's sync-token and CTag. With it, a run asks the server only for what changed; kept in
 * a file, an unchanged calendar costs one request per run. It is a cache: when it is lost or
 * damaged, the next run reads the calendar in full.
 *
 * <p>Parallel writes put and remove single items under the mirror's lock; reading it whole and
 * saving it happen while no write runs.
 */
final class CalendarMirror {

  /** One calendar object as last read, and what it was read as (set once it was parsed). */
  static final class Item {
    String href;
    String etag;
    String ics;
    /** The event it holds ({@link EventJson}), or null. */
    JsonObject event;
    /** Why it cannot be read, or null. */
    String problem;

    Item(String href, String etag, String ics) {
      this.href = href;
      this.etag = etag;
      this.ics = ics;
    }
  }

  /** The file's layout. */
  private static final class Stored implements CacheFile.Content {
    String identity;
    String calendarUrl;
    String syncToken;
    String ctag;
    Boolean syncCollection;
    Map<String, Item> items;

    @Override
    public String identity() {
      return identity;
    }

    @Override
    public boolean complete() {
      return items != null;
    }
  }

  private final CacheFile<Stored> cache;
  private final String identity;
  private Stored data;
  /** Whether anything changed since the mirror was loaded or saved. */
  private boolean dirty;

  private CalendarMirror(CacheFile<Stored> cache, String identity, Stored data) {
    this.cache = cache;
    this.identity = identity;
    this.data = data;
  }

  /** The mirror saved in {@code file} for this calendar, or an empty one. */
  static CalendarMirror load(Optional<Path> file, String identity) {
    CacheFile<Stored> cache = new CacheFile<>(file, Stored.class, "the calendar cache");
    return new CalendarMirror(cache, identity, cache.read(identity, () -> fresh(identity)));
  }

  private static Stored fresh(String identity) {
    Stored s = new Stored();
    s.identity = identity;
    s.items = new LinkedHashMap<>();
    return s;
  }

  void reset(String calendarUrl) {
    data = fresh(identity);
    data.calendarUrl = calendarUrl;
    dirty = true;
  }

  Optional<String> calendarUrl() {
    return Optional.ofNullable(data.calendarUrl);
  }

  Optional<String> syncToken() {
    return Optional.ofNullable(data.syncToken);
  }

  Optional<String> ctag() {
    return Optional.ofNullable(data.ctag);
  }

  /** Whether the server answered sync-collection; empty until it was tried. */
  Optional<Boolean> syncCollection() {
    return Optional.ofNullable(data.syncCollection);
  }

  void syncToken(String token) {
    data.syncToken = token;
    dirty = true;
  }

  void ctag(String ctag) {
    data.ctag = ctag;
    dirty = true;
  }

  void syncCollection(boolean supported) {
    data.syncCollection = supported;
    dirty = true;
  }

  /** Keeps what {@code item} was read as, so that later runs need not parse it again. */
  synchronized void parsed(Item item, Optional<JsonObject> event, String problem) {
    item.event = event.orElse(null);
    item.problem = event.isPresent() ? null : problem;
    dirty = true;
  }

  Map<String, Item> items() {
    return data.items;
  }

  synchronized Optional<Item> item(String key) {
    return Optional.ofNullable(data.items.get(key));
  }

  synchronized void put(String key, String href, String etag, String ics) {
    data.items.put(key, new Item(href, etag, ics));
    dirty = true;
  }

  synchronized void remove(String key) {
    dirty |= data.items.remove(key) != null;
  }

  /** Writes the mirror atomically (temporary file, then rename); failures only cost speed. */
  synchronized void save() {
    if (dirty) {
      cache.write(data);
      dirty = false;
    }
  }
}
