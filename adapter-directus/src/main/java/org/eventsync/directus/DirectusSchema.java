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
import org.eventsync.core.EventFields;
import org.eventsync.http.HttpTransport;

/**
 * Creates the events collection and its fields through the API, or checks an existing one; and
 * the collection of proposed changes, with its bookmark of pending ones. Running it again changes
 * nothing.
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
    return ensure(settings.collection(), "event", "Events synchronised with the calendar by"
        + " event-sync", specs);
  }

  /**
   * Creates the collection of proposed changes (see {@link ProposalsCollection}) and what it
   * lacks: its fields, the link of each proposal to its item, and a bookmark for everyone that
   * lists the pending proposals.
   */
  public Result ensureProposals(ProposalsCollection proposals) {
    String name = proposals.name();
    Result result = ensure(name, "rate_review", "Calendar changes to published events, proposed"
        + " by event-sync: set status to accepted or rejected", proposalSpecs());
    if (result.fieldsCreated().contains("item")) {
      // The link to the item; deleting the item empties it, so a proposal outlives its item.
      JsonObject relation = new JsonObject();
      relation.addProperty("collection", name);
      relation.addProperty("field", "item");
      relation.addProperty("related_collection", settings.collection());
      JsonObject schema = new JsonObject();
      schema.addProperty("on_delete", "SET NULL");
      relation.add("schema", schema);
      client.post("/relations", relation);
    }
    ensurePendingBookmark(name);
    return result;
  }

  /** The bookmark's name in Directus' navigation. */
  static final String PENDING_BOOKMARK = "Pending calendar changes";

  private Result ensure(String collection, String icon, String note, Map<String, FieldSpec> wanted) {
    boolean created = false;
    if (existingFields(collection).isEmpty()) {
      createCollection(collection, icon, note);
      created = true;
    }
    Map<String, String> existing = existingFields(collection).orElseThrow();
    List<String> added = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, FieldSpec> spec : wanted.entrySet()) {
      String name = spec.getKey();
      String type = existing.get(name);
      if (type == null) {
        createField(collection, name, spec.getValue());
        added.add(name);
      } else if (!compatible(spec.getValue().type(), type)) {
        problems.add(
            "field '" + name + "' of '" + collection + "' is of type " + type
                + " but the sync needs " + spec.getValue().type());
      }
    }
    return new Result(created, added, problems);
  }

  private void ensurePendingBookmark(String collection) {
    JsonElement presets = client.get("/presets", Map.of(
        "filter", DirectusFilters.bookmark(collection, PENDING_BOOKMARK).toString(),
        "fields", "id"));
    if (presets.isJsonArray() && !presets.getAsJsonArray().isEmpty()) {
      return;
    }
    JsonObject preset = new JsonObject();
    preset.addProperty("bookmark", PENDING_BOOKMARK);
    preset.addProperty("collection", collection);
    preset.add("filter", DirectusFilters.equal("status", "pending"));
    preset.addProperty("layout", "tabular");
    JsonObject tabular = new JsonObject();
    JsonArray columns = new JsonArray();
    List.of("summary", "item", "kind", "seen").forEach(columns::add);
    tabular.add("fields", columns);
    JsonArray sort = new JsonArray();
    sort.add("-seen");
    tabular.add("sort", sort);
    JsonObject query = new JsonObject();
    query.add("tabular", tabular);
    preset.add("layout_query", query);
    client.post("/presets", preset);
  }

  /** Deletes the collection and all its items (for tests and clean-ups). */
  public void drop() {
    client.delete("/collections/" + settings.collection());
  }

  /** Field name → type, or empty when the collection does not exist. */
  private Optional<Map<String, String>> existingFields(String collection) {
    JsonElement collections = client.get("/collections", Map.of());
    boolean exists = false;
    for (JsonElement c : collections.getAsJsonArray()) {
      if (c.isJsonObject()
          && collection.equals(c.getAsJsonObject().get("collection").getAsString())) {
        exists = true;
      }
    }
    if (!exists) {
      return Optional.empty();
    }
    Map<String, String> types = new HashMap<>();
    for (JsonElement f : client.get("/fields/" + collection, Map.of()).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      types.put(field.get("field").getAsString(), field.get("type").getAsString());
    }
    return Optional.of(types);
  }

  private void createCollection(String collection, String icon, String note) {
    JsonObject body = new JsonObject();
    body.addProperty("collection", collection);
    JsonObject meta = new JsonObject();
    meta.addProperty("icon", icon);
    meta.addProperty("note", note);
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

  private void createField(String collection, String name, FieldSpec spec) {
    JsonObject body = new JsonObject();
    body.addProperty("field", name);
    body.addProperty("type", spec.type());
    body.add("meta", spec.meta());
    body.add("schema", spec.schema());
    client.post("/fields/" + collection, body);
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
    for (EventFields.TextField text : EventFields.TEXT) {
      specs.put(f.text(text.name()), text.longText()
          ? field("text", "input-multiline", false, null, false)
          : field("string", "input", false, null, false));
    }
    specs.put(f.approved(), field("boolean", "boolean", false, false, false));
    // Unique: the database itself refuses a second item for one calendar event.
    specs.put(f.icalUid(), field("string", "input", false, null, true));
    specs.put(f.recurrence(), field("text", "input-multiline", false, null, false));
    specs.put(f.timezone(), field("string", "input", false, null, false));
    specs.put("date_created", special("timestamp", "date-created"));
    specs.put("date_updated", special("timestamp", "date-updated"));
    return specs;
  }

  /** The fields of a proposal (see {@link DirectusProposals}). */
  private static Map<String, FieldSpec> proposalSpecs() {
    Map<String, FieldSpec> specs = new LinkedHashMap<>();
    FieldSpec item = field("integer", "select-dropdown-m2o", false, null, false);
    JsonArray m2o = new JsonArray();
    m2o.add("m2o");
    item.meta().add("special", m2o);
    JsonObject template = new JsonObject();
    template.addProperty("template", "{{id}} {{title}}");
    item.meta().add("options", template);
    specs.put("item", item);
    specs.put("kind", choices(List.of("edit", "delete"), "edit"));
    specs.put("status", choices(List.of("pending", "accepted", "rejected"), "pending"));
    specs.put("summary", field("text", "input-multiline", false, null, false));
    FieldSpec changes = field("json", "input-code", false, null, false);
    JsonObject language = new JsonObject();
    language.addProperty("language", "JSON");
    changes.meta().add("options", language);
    specs.put("changes", changes);
    specs.put("calendar_uid", field("string", "input", false, null, false));
    specs.put("calendar_href", field("text", "input", false, null, false));
    specs.put("seen", field("timestamp", "datetime", false, null, false));
    specs.put("applied", field("timestamp", "datetime", false, null, false));
    specs.put("note", field("text", "input-multiline", false, null, false));
    return specs;
  }

  private static FieldSpec choices(List<String> values, String defaultValue) {
    FieldSpec spec = field("string", "select-dropdown", true, null, false);
    JsonArray choices = new JsonArray();
    for (String value : values) {
      JsonObject choice = new JsonObject();
      choice.addProperty("text", value);
      choice.addProperty("value", value);
      choices.add(choice);
    }
    JsonObject options = new JsonObject();
    options.add("choices", choices);
    spec.meta().add("options", options);
    spec.schema().addProperty("default_value", defaultValue);
    return spec;
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
