package org.eventsync.directus;

import java.nio.file.Path;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eventsync.files.CacheFile;

/**
 * What this client last read of the collection: each item's JSON, which items are approved, the
 * field types, and the cursor (the server's time when the last read began). With it, a run reads
 * only the items changed since. It is a cache: lost or damaged, the next run reads everything.
 *
 * <p>Parallel writes put and remove single items under the mirror's lock; reading it whole and
 * saving it happen while no write runs.
 */
final class DirectusMirror {

  /** The file's layout: the small fields first, then the items (read only when needed). */
  private static final class Stored implements CacheFile.Content {
    String identity;
    String cursor;
    Map<String, String> fieldTypes;
    /** Changes with every change to the items or their approval (see {@link #revision()}). */
    String epoch;
    long changes;
    /** How many items, and the sum of their ids (null when an id is not a number). */
    Integer count;
    Long idSum;
    Map<String, String> items;
    Set<String> approved;
    /** Item id → the event it was read as ({@link EventJson}); absent in older caches. */
    Map<String, JsonObject> events;

    @Override
    public String identity() {
      return identity;
    }

    @Override
    public boolean complete() {
      return items != null && approved != null && fieldTypes != null && epoch != null;
    }
  }

  private static final String BULK = "items";

  private final CacheFile<Stored> cache;
  private final String identity;
  private Stored data;
  /** Whether the items were read from the file (or the mirror started empty). */
  private boolean loaded;
  /** Whether anything changed since the mirror was loaded or saved. */
  private boolean dirty;

  private DirectusMirror(CacheFile<Stored> cache, String identity, Stored data, boolean loaded) {
    this.cache = cache;
    this.identity = identity;
    this.data = data;
    this.loaded = loaded;
  }

  /**
   * The mirror saved in {@code file}, or an empty one. Only the file's head is read now (the
   * cursor, the revision, the count and id sum): a run in which nothing changed never reads the
   * items.
   */
  static DirectusMirror load(Optional<Path> file, String identity) {
    CacheFile<Stored> cache = new CacheFile<>(file, Stored.class, "the Directus cache");
    Optional<Stored> head = cache.head(identity, BULK)
        .filter(h -> h.fieldTypes != null && h.epoch != null && h.count != null);
    if (head.isPresent()) {
      return new DirectusMirror(cache, identity, head.get(), false);
    }
    DirectusMirror mirror = new DirectusMirror(cache, identity, fresh(identity), true);
    // An older layout has no count in its head: read it whole now.
    cache.whole(identity).ifPresent(whole -> mirror.data = whole);
    mirror.completeEvents();
    return mirror;
  }

  /**
   * Reads the items from the file unless that was done. Returns false when they could not be
   * read back: the mirror is then empty, without a cursor, so the caller reads everything.
   */
  synchronized boolean load() {
    if (!loaded) {
      loaded = true;
      Optional<Stored> whole = cache.whole(identity);
      if (whole.isEmpty()) {
        clearItems();
        return false;
      }
      data.items = whole.get().items;
      data.approved = whole.get().approved;
      data.events = whole.get().events;
      completeEvents();
    }
    return true;
  }

  private void completeEvents() {
    if (data.events == null) {
      data.events = new LinkedHashMap<>();
    }
  }

  private static Stored fresh(String identity) {
    Stored s = new Stored();
    s.identity = identity;
    s.items = new LinkedHashMap<>();
    s.approved = new HashSet<>();
    s.fieldTypes = new LinkedHashMap<>();
    // A new epoch for every fresh mirror: a lost cache never repeats an old revision.
    s.epoch = UUID.randomUUID().toString();
    s.events = new LinkedHashMap<>();
    return s;
  }

  /** Forgets everything but the field types, for a full read. */
  synchronized void clearItems() {
    Map<String, String> types = data.fieldTypes;
    loaded = true;
    data = fresh(identity);
    data.fieldTypes = types;
    dirty = true;
  }

  Optional<String> cursor() {
    return Optional.ofNullable(data.cursor);
  }

  void cursor(String value) {
    dirty |= !Objects.equals(data.cursor, value);
    data.cursor = value;
  }

  Map<String, String> fieldTypes() {
    return data.fieldTypes;
  }

  void fieldTypes(Map<String, String> types) {
    data.fieldTypes = new LinkedHashMap<>(types);
    dirty = true;
  }

  /** The event item {@code id} was read as, while the item is unchanged. */
  synchronized Optional<JsonObject> event(String id) {
    load();
    return Optional.ofNullable(data.events.get(id));
  }

  /** Keeps what item {@code id} was read as, so that later runs need not map it again. */
  synchronized void event(String id, JsonObject event) {
    load();
    data.events.put(id, event);
    dirty = true;
  }

  /** Item id → the item's JSON as Directus returned it. */
  Map<String, String> items() {
    load();
    return data.items;
  }

  Set<String> approved() {
    load();
    return data.approved;
  }

  /** How many items the mirror holds (the head knows while the items are not read). */
  synchronized int count() {
    return loaded ? data.items.size() : data.count;
  }

  /** The sum of the items' ids; empty when an id is not a number. */
  synchronized Optional<Long> idSum() {
    if (!loaded) {
      return Optional.ofNullable(data.idSum);
    }
    long sum = 0;
    for (String id : data.items.keySet()) {
      try {
        sum += Long.parseLong(id);
      } catch (NumberFormatException notNumeric) {
        return Optional.empty();
      }
    }
    return Optional.of(sum);
  }

  /** A token that changes whenever an item, or whether it is approved, changes. */
  String revision() {
    return data.epoch + "/" + data.changes;
  }

  synchronized void put(String id, String json, boolean approved) {
    load();
    boolean changed = !json.equals(data.items.put(id, json));
    if (changed) {
      data.events.remove(id);
    }
    changed |= approved ? data.approved.add(id) : data.approved.remove(id);
    if (changed) {
      data.changes++;
      dirty = true;
    }
  }

  synchronized void remove(String id) {
    load();
    if (data.items.remove(id) != null) {
      data.changes++;
      dirty = true;
    }
    data.approved.remove(id);
    data.events.remove(id);
  }

  synchronized void save() {
    if (dirty) {
      load(); // the file holds the items too
      data.count = data.items.size();
      data.idSum = idSum().orElse(null);
      cache.write(data);
      dirty = false;
    }
  }
}
