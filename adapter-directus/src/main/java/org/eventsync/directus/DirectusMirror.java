package org.eventsync.directus;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eventsync.core.Event;
import org.eventsync.files.CacheFile;
import org.eventsync.files.PackedTexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this client last read of the collection: each item's JSON (packed) and the event it was
 * read as, which items are approved, the field types, and the cursor (the server's time when the
 * last read began). With it, a run reads only the items changed since. It is a cache: lost or damaged, the next run reads everything.
 *
 * <p>Parallel writes put and remove single items under the mirror's lock; reading it whole and
 * saving it happen while no write runs.
 */
final class DirectusMirror {

  /** The file's layout: the small fields first, then the items (read only when needed). */
  private static final class Stored implements CacheFile.Content {
    /** {@link #FORMAT}; files of another layout are not read. */
    Integer format;
    String identity;
    String cursor;
    Map<String, String> fieldTypes;
    /** Changes with every change to the items or their approval (see {@link #revision()}). */
    String epoch;
    long changes;
    /** How many items, and the sum of their ids (null when an id is not a number). */
    Integer count;
    Long idSum;
    /** The items' dictionary: the first item the mirror stored. */
    String dictionary;
    /** Item id → the item's JSON as Directus returned it, packed ({@link PackedTexts}). */
    Map<String, String> items;
    Set<String> approved;
    /** Item id → the event it was read as. */
    Map<String, Event> events;

    @Override
    public String identity() {
      return identity;
    }

    @Override
    public boolean complete() {
      return items != null && approved != null && fieldTypes != null && epoch != null
          && events != null && (items.isEmpty() || dictionary != null);
    }
  }

  /** 2: items packed, events as values (1 held them as they read). */
  private static final int FORMAT = 2;
  private static final String BULK = "items";
  private static final Logger LOG = LoggerFactory.getLogger(DirectusMirror.class);

  private final CacheFile<Stored> cache;
  private final String identity;
  private Stored data;
  /** Packs items against {@code data.dictionary}; made when first needed. */
  private PackedTexts packer;
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
    return cache.head(identity, BULK)
        .filter(h -> Integer.valueOf(FORMAT).equals(h.format) && h.fieldTypes != null
            && h.epoch != null && h.count != null)
        .map(head -> new DirectusMirror(cache, identity, head, false))
        .orElseGet(() -> new DirectusMirror(cache, identity, fresh(identity), true));
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
      // Each id held once, as the state's records hold it (String#intern): the file names every
      // id three times.
      data.items = new LinkedHashMap<>();
      whole.get().items.forEach((id, item) -> data.items.put(id.intern(), item));
      data.approved = new HashSet<>();
      whole.get().approved.forEach(id -> data.approved.add(id.intern()));
      data.events = new LinkedHashMap<>();
      whole.get().events.forEach((id, event) -> data.events.put(id.intern(), event));
    }
    return true;
  }

  private static Stored fresh(String identity) {
    Stored s = new Stored();
    s.format = FORMAT;
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
    packer = null;
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
  synchronized Optional<Event> event(String id) {
    load();
    return Optional.ofNullable(data.events.get(id));
  }

  /** Keeps what item {@code id} was read as, so that later runs need not map it again. */
  synchronized void event(String id, Event event) {
    load();
    data.events.put(id, event);
    dirty = true;
  }

  /** The ids of the items. */
  Set<String> ids() {
    load();
    return data.items.keySet();
  }

  /**
   * Item {@code id}'s JSON as Directus returned it; empty when it is not in the mirror, or when
   * its packed copy is damaged, in which case the mirror forgets its cursor so that the next run
   * reads everything.
   */
  synchronized Optional<String> item(String id) {
    load();
    String packed = data.items.get(id);
    if (packed == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(packer().unpack(packed));
    } catch (IllegalArgumentException damaged) {
      LOG.warn("The Directus cache's copy of item {} cannot be read ({}); the next run reads"
          + " everything", id, damaged.getMessage());
      data.cursor = null;
      dirty = true;
      return Optional.empty();
    }
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
    if (data.dictionary == null) {
      data.dictionary = PackedTexts.dictionaryOf(json);
    }
    String packed = packer().pack(json);
    if (!packed.equals(data.items.put(id, packed))) {
      data.events.remove(id);
      changed();
    }
    approve(id, approved);
  }

  /** Records whether item {@code id}, which the mirror holds, is approved. */
  synchronized void approve(String id, boolean approved) {
    load();
    if (approved ? data.approved.add(id) : data.approved.remove(id)) {
      changed();
    }
  }

  private void changed() {
    data.changes++;
    dirty = true;
  }

  private PackedTexts packer() {
    if (packer == null) {
      packer = new PackedTexts(Objects.requireNonNullElse(data.dictionary, ""));
    }
    return packer;
  }

  synchronized void remove(String id) {
    load();
    if (data.items.remove(id) != null) {
      changed();
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
