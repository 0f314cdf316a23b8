package org.eventsync.directus;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventsync.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this client last read of the collection: each item's JSON, which items are approved, the
 * field types, and the cursor (the server's time when the last read began). With it, a run reads
 * only the items changed since. It is a cache: lost or damaged, the next run reads everything.
 */
final class DirectusMirror {

  private static final Logger LOG = LoggerFactory.getLogger(DirectusMirror.class);
  private static final Gson GSON = new Gson();

  private static final class Stored {
    String identity;
    String cursor;
    Map<String, String> fieldTypes;
    Map<String, String> items;
    Set<String> approved;
  }

  private final Optional<Path> file;
  private final String identity;
  private Stored data;

  private DirectusMirror(Optional<Path> file, String identity, Stored data) {
    this.file = file;
    this.identity = identity;
    this.data = data;
  }

  static DirectusMirror load(Optional<Path> file, String identity) {
    Stored data = null;
    if (file.isPresent() && Files.isRegularFile(file.get())) {
      try {
        data = GSON.fromJson(Files.readString(file.get(), StandardCharsets.UTF_8), Stored.class);
      } catch (IOException | JsonParseException e) {
        LOG.warn("Ignoring the damaged Directus cache {} ({}); reading everything", file.get(),
            e.getMessage());
      }
    }
    if (data == null || !identity.equals(data.identity) || data.items == null
        || data.approved == null || data.fieldTypes == null) {
      data = fresh(identity);
    }
    return new DirectusMirror(file, identity, data);
  }

  private static Stored fresh(String identity) {
    Stored s = new Stored();
    s.identity = identity;
    s.items = new LinkedHashMap<>();
    s.approved = new HashSet<>();
    s.fieldTypes = new LinkedHashMap<>();
    return s;
  }

  /** Forgets everything but the field types, for a full read. */
  void clearItems() {
    Map<String, String> types = data.fieldTypes;
    data = fresh(identity);
    data.fieldTypes = types;
  }

  Optional<String> cursor() {
    return Optional.ofNullable(data.cursor);
  }

  void cursor(String value) {
    data.cursor = value;
  }

  Map<String, String> fieldTypes() {
    return data.fieldTypes;
  }

  void fieldTypes(Map<String, String> types) {
    data.fieldTypes = new LinkedHashMap<>(types);
  }

  /** Item id → the item's JSON as Directus returned it. */
  Map<String, String> items() {
    return data.items;
  }

  Set<String> approved() {
    return data.approved;
  }

  void put(String id, String json, boolean approved) {
    data.items.put(id, json);
    if (approved) {
      data.approved.add(id);
    } else {
      data.approved.remove(id);
    }
  }

  void remove(String id) {
    data.items.remove(id);
    data.approved.remove(id);
  }

  void save() {
    if (file.isEmpty()) {
      return;
    }
    Path target = file.get();
    try {
      AtomicFiles.write(target, GSON.toJson(data));
    } catch (IOException e) {
      LOG.warn("Cannot write the Directus cache {} ({}); the next run reads everything", target,
          e.getMessage());
    }
  }
}
