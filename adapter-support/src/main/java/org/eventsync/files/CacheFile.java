package org.eventsync.files;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eventsync.core.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON file an adapter keeps to save work between runs. It is only a cache: a missing,
 * damaged or unwritable file costs a slower run and a warning, never a failure.
 *
 * @param <T> the file's layout, a class with plain fields (and {@link Event}s, as {@link EventJson}
 *     writes them)
 */
public final class CacheFile<T extends CacheFile.Content> {

  /** What every cache's layout says about itself. */
  public interface Content {
    /** Whose data this is (the server, collection or calendar, and the settings it depends on). */
    String identity();

    /** Whether every part the layout needs was read back (an older layout may lack some). */
    boolean complete();
  }

  private static final Logger LOG = LoggerFactory.getLogger(CacheFile.class);
  private static final Gson GSON = new GsonBuilder()
      .registerTypeAdapter(Event.class, EventJson.adapter()).create();

  private final Optional<Path> file;
  private final Class<T> type;
  private final String what;

  /**
   * @param file where the cache lives; empty keeps nothing between processes
   * @param type the layout
   * @param what what the cache is, for warnings ("the calendar cache")
   */
  public CacheFile(Optional<Path> file, Class<T> type, String what) {
    this.file = Objects.requireNonNull(file, "file");
    this.type = Objects.requireNonNull(type, "type");
    this.what = Objects.requireNonNull(what, "what");
  }

  /**
   * The saved content when it is complete and belongs to {@code identity}; else {@code fresh}, an
   * empty cache for it.
   */
  public T read(String identity, Supplier<T> fresh) {
    return whole(identity).orElseGet(fresh);
  }

  /** The saved content when it is complete and belongs to {@code identity}. */
  public Optional<T> whole(String identity) {
    return stored().filter(c -> identity.equals(c.identity()) && c.complete());
  }

  /**
   * The saved content's head when it belongs to {@code identity}: the fields written before
   * {@code firstBulkField}, read without parsing the rest, which stays null. Gson writes fields
   * in their declaration order, so a layout declares its large fields last. Whether the head is
   * enough is the caller's to judge ({@link Content#complete()} is about the whole).
   */
  public Optional<T> head(String identity, String firstBulkField) {
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try (JsonReader reader = new JsonReader(Files.newBufferedReader(file.get(), StandardCharsets.UTF_8))) {
      JsonObject head = new JsonObject();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals(firstBulkField)) {
          break;
        }
        head.add(name, JsonParser.parseReader(reader));
      }
      return Optional.ofNullable(GSON.fromJson(head, type)).filter(c -> identity.equals(c.identity()));
    } catch (IOException | JsonParseException | IllegalStateException e) {
      LOG.warn("Ignoring {} {} ({}); this run reads everything", what, file.get(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<T> stored() {
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
      return Optional.ofNullable(GSON.fromJson(in, type));
    } catch (IOException | JsonParseException e) {
      LOG.warn("Ignoring {} {} ({}); this run reads everything", what, file.get(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Replaces the saved content atomically. */
  public void write(T content) {
    if (file.isEmpty()) {
      return;
    }
    try {
      AtomicFiles.writeJson(file.get(), GSON, content);
    } catch (IOException e) {
      LOG.warn("Cannot write {} {} ({}); the next run reads everything", what, file.get(),
          e.getMessage());
    }
  }
}
