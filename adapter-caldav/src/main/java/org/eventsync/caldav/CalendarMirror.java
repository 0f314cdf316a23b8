package org.eventsync.caldav;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventsync.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this client last read of the calendar: each object's href, ETag and text, and the
 * collection's sync-token and CTag. With it, a run asks the server only for what changed; kept in
 * a file, an unchanged calendar costs one request per run. It is a cache: when it is lost or
 * damaged, the next run reads the calendar in full.
 */
final class CalendarMirror {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarMirror.class);
  private static final Gson GSON = new Gson();

  /** One calendar object as last read. */
  static final class Item {
    String href;
    String etag;
    String ics;

    Item(String href, String etag, String ics) {
      this.href = href;
      this.etag = etag;
      this.ics = ics;
    }
  }

  /** The file's layout. */
  private static final class Stored {
    String identity;
    String calendarUrl;
    String syncToken;
    String ctag;
    Boolean syncCollection;
    Map<String, Item> items;
  }

  private final Optional<Path> file;
  private final String identity;
  private Stored data;

  private CalendarMirror(Optional<Path> file, String identity, Stored data) {
    this.file = file;
    this.identity = identity;
    this.data = data;
  }

  /** The mirror saved in {@code file} for this calendar, or an empty one. */
  static CalendarMirror load(Optional<Path> file, String identity) {
    Stored data = null;
    if (file.isPresent() && Files.isRegularFile(file.get())) {
      try {
        data = GSON.fromJson(Files.readString(file.get(), StandardCharsets.UTF_8), Stored.class);
      } catch (IOException | JsonParseException e) {
        LOG.warn("Ignoring the damaged calendar cache {} ({}); reading the calendar in full",
            file.get(), e.getMessage());
      }
    }
    if (data == null || !identity.equals(data.identity) || data.items == null) {
      data = fresh(identity);
    }
    return new CalendarMirror(file, identity, data);
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
  }

  void ctag(String ctag) {
    data.ctag = ctag;
  }

  void syncCollection(boolean supported) {
    data.syncCollection = supported;
  }

  Map<String, Item> items() {
    return data.items;
  }

  Optional<Item> item(String key) {
    return Optional.ofNullable(data.items.get(key));
  }

  void put(String key, String href, String etag, String ics) {
    data.items.put(key, new Item(href, etag, ics));
  }

  void remove(String key) {
    data.items.remove(key);
  }

  /** Writes the mirror atomically (temporary file, then rename); failures only cost speed. */
  void save() {
    if (file.isEmpty()) {
      return;
    }
    Path target = file.get();
    try {
      AtomicFiles.write(target, GSON.toJson(data));
    } catch (IOException e) {
      LOG.warn("Cannot write the calendar cache {} ({}); the next run reads the calendar in full",
          target, e.getMessage());
    }
  }
}
