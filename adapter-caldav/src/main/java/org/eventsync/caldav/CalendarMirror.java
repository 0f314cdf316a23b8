package org.eventsync.caldav;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.files.CacheFile;
import org.eventsync.files.PackedTexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this client last read of the calendar: each object's href, ETag, text (packed) and the
 * event it holds, and the collection's sync-token and CTag. With it, a run asks the server only
 * for what changed; kept in a file, an unchanged calendar costs one request per run. It is a cache: when it is lost or
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
    /** The object's text, packed ({@link PackedTexts}) against the mirror's dictionary. */
    String text;
    /** The event it holds, or null. */
    Event event;
    /** Why it cannot be read, or null. */
    String problem;

    Item(String href, String etag, String text) {
      this.href = href;
      this.etag = etag;
      this.text = text;
    }
  }

  /** The file's layout: the small fields first, then the objects (read only when needed). */
  private static final class Stored implements CacheFile.Content {
    /** {@link #FORMAT}; files of another layout are not read. */
    Integer format;
    String identity;
    String calendarUrl;
    String syncToken;
    String ctag;
    Boolean syncCollection;
    /** The texts' dictionary: the first object the mirror stored. */
    String dictionary;
    Map<String, Item> items;

    @Override
    public String identity() {
      return identity;
    }

    @Override
    public boolean complete() {
      return items != null && (items.isEmpty() || dictionary != null);
    }
  }

  /** 2: texts packed, events as values (1 held texts and events as they read). */
  private static final int FORMAT = 2;
  private static final String BULK = "items";
  private static final Logger LOG = LoggerFactory.getLogger(CalendarMirror.class);

  private final CacheFile<Stored> cache;
  private final String identity;
  private Stored data;
  /** Packs texts against {@code data.dictionary}; made when first needed. */
  private PackedTexts packer;
  /** Whether the objects were read from the file (or the mirror started empty). */
  private boolean loaded;
  /** Whether anything changed since the mirror was loaded or saved. */
  private boolean dirty;

  private CalendarMirror(CacheFile<Stored> cache, String identity, Stored data, boolean loaded) {
    this.cache = cache;
    this.identity = identity;
    this.data = data;
    this.loaded = loaded;
  }

  /**
   * The mirror saved in {@code file} for this calendar, or an empty one. Only the file's head is
   * read now (the calendar's URL and version): a run that finds the calendar unchanged and the
   * source too never reads the objects.
   */
  static CalendarMirror load(Optional<Path> file, String identity) {
    CacheFile<Stored> cache = new CacheFile<>(file, Stored.class, "the calendar cache");
    return cache.head(identity, BULK).filter(head -> Integer.valueOf(FORMAT).equals(head.format))
        .map(head -> new CalendarMirror(cache, identity, head, false))
        .orElseGet(() -> new CalendarMirror(cache, identity, fresh(identity), true));
  }

  /**
   * Reads the objects from the file unless that was done. Returns false when they could not be
   * read back: the mirror is then empty, without a version, so the caller reads the calendar in
   * full.
   */
  synchronized boolean load() {
    if (!loaded) {
      loaded = true;
      Optional<Stored> whole = cache.whole(identity);
      if (whole.isEmpty()) {
        String url = data.calendarUrl;
        data = fresh(identity);
        packer = null;
        data.calendarUrl = url;
        dirty = true;
        return false;
      }
      data.items = shared(whole.get().items);
    }
    return true;
  }

  /**
   * The items read from the file with each href held once (as the key, and as the state's
   * records hold it, {@link String#intern()}): a run of 100,000 events would else hold three
   * copies of every href.
   */
  private static Map<String, Item> shared(Map<String, Item> read) {
    Map<String, Item> items = new LinkedHashMap<>();
    read.forEach((key, item) -> {
      String shared = key.intern();
      item.href = item.href.equals(key) ? shared : item.href.intern();
      items.put(shared, item);
    });
    return items;
  }

  private static Stored fresh(String identity) {
    Stored s = new Stored();
    s.format = FORMAT;
    s.identity = identity;
    s.items = new LinkedHashMap<>();
    return s;
  }

  synchronized void reset(String calendarUrl) {
    loaded = true;
    data = fresh(identity);
    packer = null;
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
  synchronized void parsed(Item item, Optional<Event> event, String problem) {
    item.event = event.orElse(null);
    item.problem = event.isPresent() ? null : problem;
    dirty = true;
  }

  Map<String, Item> items() {
    load();
    return data.items;
  }

  synchronized Optional<Item> item(String key) {
    return Optional.ofNullable(items().get(key));
  }

  /**
   * Keeps an object as read or written: {@code readAs} is the event its text holds when that is
   * known without parsing it (else it is parsed when first listed).
   */
  synchronized void put(String key, String href, String etag, String text, Optional<Event> readAs) {
    items();
    if (data.dictionary == null) {
      data.dictionary = PackedTexts.dictionaryOf(text);
    }
    Item item = new Item(href, etag, packer().pack(text));
    item.event = readAs.orElse(null);
    data.items.put(key, item);
    dirty = true;
  }

  /**
   * The text {@code item} was read as; empty when its packed copy is damaged, in which case the
   * mirror forgets the object's version and the calendar's, so the next run reads it again.
   */
  synchronized Optional<String> text(Item item) {
    try {
      return Optional.of(packer().unpack(item.text));
    } catch (IllegalArgumentException | NullPointerException damaged) {
      LOG.warn("The calendar cache's copy of {} cannot be read ({}); the next run reads it again",
          item.href, damaged.getMessage());
      item.etag = "";
      data.syncToken = null;
      data.ctag = null;
      dirty = true;
      return Optional.empty();
    }
  }

  private PackedTexts packer() {
    if (packer == null) {
      packer = new PackedTexts(Objects.requireNonNullElse(data.dictionary, ""));
    }
    return packer;
  }

  synchronized void remove(String key) {
    dirty |= items().remove(key) != null;
  }

  /** Writes the mirror atomically (temporary file, then rename); failures only cost speed. */
  synchronized void save() {
    if (dirty) {
      load(); // the file holds the objects too
      cache.write(data);
      dirty = false;
    }
  }
}
