package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsync.http.HttpTransport;

/**
 * Creates the events collection and its fields through the API, or checks an existing one.
 * Running it again changes nothing.
 */
public final class DirectusSchema {

  /** What {@link #ensure()} did. */
  public record Result(boolean collectionCreated, List<String> fieldsCreated, List<String> problems) {
    public Result {
      fieldsCreated = List.copyOf(fieldsCreated);
      problems = List.copyOf(problems);
    }
  }

  private final DirectusClient client;
  private final DirectusSettings settings;
  private final Map<String, FieldSpec> specs;

  private record FieldSpec(String type, JsonObject meta, JsonObject schema) {}

  public DirectusSchema(HttpTransport http, DirectusSettings settings, DirectusFields fields) {
    this.client = new DirectusClient(http, settings);
    this.settings = settings;
    this.specs = specs(fields);
  }

  /** Creates what is missing; reports fields whose type does not fit. */
  public Result ensure() {
    boolean created = false;
    if (existingFields().isEmpty()) {
      createCollection();
      created = true;
    }
    Map<String, String> existing = existingFields().orElseThrow();
    List<String> added = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, FieldSpec> spec : specs.entrySet()) {
      String name = spec.getKey();
      String type = existing.get(name);
      if (type == null) {
        createField(name, spec.getValue());
        added.add(name);
      } else if (!compatible(spec.getValue().type(), type)) {
        problems.add(
            "field '" + name + "' is of type " + type + " but the sync needs "
                + spec.getValue().type());
      }
    }
    return new Result(created, added, problems);
  }

  /** Deletes the collection and all its items (for tests and clean-ups). */
  public void drop() {
    client.delete("/collections/" + settings.collection());
  }

  /** Field name → type, or empty when the collection does not exist. */
  private Optional<Map<String, String>> existingFields() {
    JsonElement collections = client.get("/collections", Map.of());
    boolean exists = false;
    for (JsonElement c : collections.getAsJsonArray()) {
      if (c.isJsonObject()
          && settings.collection().equals(c.getAsJsonObject().get("collection").getAsString())) {
        exists = true;
      }
    }
    if (!exists) {
      return Optional.empty();
    }
    Map<String, String> types = new HashMap<>();
    for (JsonElement f : client.get("/fields/" + settings.collection(), Map.of()).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      types.put(field.get("field").getAsString(), field.get("type").getAsString());
    }
    return Optional.of(types);
  }

  private void createCollection() {
    JsonObject body = new JsonObject();
    body.addProperty("collection", settings.collection());
    JsonObject meta = new JsonObject();
    meta.addProperty("icon", "event");
    meta.addProperty("note", "Events synchronised with the calendar by event-sync");
    body.add("meta", meta);
    body.add("schema", new JsonObject());
    JsonArray fields = new JsonArray();
    JsonObject id = new JsonObject();
    id.addProperty("field", "id");
    id.addProperty("type", "integer");
    JsonObject idMeta = new JsonObject();
    idMeta.addProperty("hidden", true);
    idMeta.addProperty("readonly", true);
    id.add("meta", idMeta);
    JsonObject idSchema = new JsonObject();
    idSchema.addProperty("is_primary_key", true);
    idSchema.addProperty("has_auto_increment", true);
    id.add("schema", idSchema);
    fields.add(id);
    body.add("fields", fields);
    client.post("/collections", body);
  }

  private void createField(String name, FieldSpec spec) {
    JsonObject body = new JsonObject();
    body.addProperty("field", name);
    body.addProperty("type", spec.type());
    body.add("meta", spec.meta());
    body.add("schema", spec.schema());
    client.post("/fields/" + settings.collection(), body);
  }

  private static boolean compatible(String wanted, String actual) {
    if (wanted.equals(actual)) {
      return true;
    }
    List<String> textual = List.of("string", "text", "uuid", "hash");
    List<String> times = List.of("dateTime", "timestamp", "date");
    return (textual.contains(wanted) && textual.contains(actual))
        || (times.contains(wanted) && times.contains(actual));
  }

  private static Map<String, FieldSpec> specs(DirectusFields f) {
    Map<String, FieldSpec> specs = new LinkedHashMap<>();
    specs.put(f.title(), field("string", "input", true, null, false));
    specs.put(f.startDate(), field("dateTime", "datetime", true, null, false));
    specs.put(f.endDate(), field("dateTime", "datetime", false, null, false));
    specs.put(f.allDay(), field("boolean", "boolean", false, false, false));
    specs.put(f.description(), field("text", "input-multiline", false, null, false));
    specs.put(f.location(), field("string", "input", false, null, false));
    specs.put(f.organizer(), field("string", "input", false, null, false));
    specs.put(f.cost(), field("string", "input", false, null, false));
    specs.put(f.category(), field("string", "input", false, null, false));
    specs.put(f.website(), field("string", "input", false, null, false));
    specs.put(f.approved(), field("boolean", "boolean", false, false, false));
    // Unique: the database itself refuses a second item for one calendar event.
    specs.put(f.icalUid(), field("string", "input", false, null, true));
    specs.put(f.recurrence(), field("text", "input-multiline", false, null, false));
    specs.put(f.timezone(), field("string", "input", false, null, false));
    specs.put("date_created", special("timestamp", "date-created"));
    specs.put("date_updated", special("timestamp", "date-updated"));
    return specs;
  }

  private static FieldSpec field(
      String type, String iface, boolean required, Boolean defaultValue, boolean unique) {
    JsonObject meta = new JsonObject();
    meta.addProperty("interface", iface);
    meta.addProperty("required", required);
    if ("boolean".equals(type)) {
      JsonArray special = new JsonArray();
      special.add("cast-boolean");
      meta.add("special", special);
    }
    JsonObject schema = new JsonObject();
    if (defaultValue != null) {
      schema.addProperty("default_value", defaultValue);
    }
    if (unique) {
      schema.addProperty("is_unique", true);
    }
    if ("string".equals(type)) {
      schema.addProperty("max_length", 255);
    }
    return new FieldSpec(type, meta, schema);
  }

  private static FieldSpec special(String type, String special) {
    JsonObject meta = new JsonObject();
    JsonArray specials = new JsonArray();
    specials.add(special);
    meta.add("special", specials);
    meta.addProperty("readonly", true);
    meta.addProperty("hidden", true);
    return new FieldSpec(type, meta, new JsonObject());
  }
}
