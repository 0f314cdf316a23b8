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

  private static final class Stored implements CacheFile.Content {
    String identity;
    String cursor;
    Map<String, String> fieldTypes;
    Map<String, String> items;
    Set<String> approved;
    /** Changes with every change to the items or their approval (see {@link #revision()}). */
    String epoch;
    long changes;
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

  private final CacheFile<Stored> cache;
  private final String identity;
  private Stored data;
  /** Whether anything changed since the mirror was loaded or saved. */
  private boolean dirty;

  private DirectusMirror(CacheFile<Stored> cache, String identity, Stored data) {
    this.cache = cache;
    this.identity = identity;
    this.data = data;
  }

  static DirectusMirror load(Optional<Path> file, String identity) {
    CacheFile<Stored> cache = new CacheFile<>(file, Stored.class, "the Directus cache");
    Stored data = cache.read(identity, () -> fresh(identity));
    if (data.events == null) {
      data.events = new LinkedHashMap<>();
    }
    return new DirectusMirror(cache, identity, data);
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
  void clearItems() {
    Map<String, String> types = data.fieldTypes;
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
    return Optional.ofNullable(data.events.get(id));
  }

  /** Keeps what item {@code id} was read as, so that later runs need not map it again. */
  synchronized void event(String id, JsonObject event) {
    data.events.put(id, event);
    dirty = true;
  }

  /** Item id → the item's JSON as Directus returned it. */
  Map<String, String> items() {
    return data.items;
  }

  Set<String> approved() {
    return data.approved;
  }

  /** A token that changes whenever an item, or whether it is approved, changes. */
  String revision() {
    return data.epoch + "/" + data.changes;
  }

  synchronized void put(String id, String json, boolean approved) {
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
    if (data.items.remove(id) != null) {
      data.changes++;
      dirty = true;
    }
    data.approved.remove(id);
    data.events.remove(id);
  }

  synchronized void save() {
    if (dirty) {
      cache.write(data);
      dirty = false;
    }
  }
}
