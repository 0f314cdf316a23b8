package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.http.HttpTransport;

/**
 * The Directus Flow that calls a sync on every change of the events collection: an event trigger
 * on create, update and delete (non-blocking), and one request operation that POSTs to the hook
 * URL with the secret as a bearer token. {@link #ensure} creates it, or checks it and puts back
 * what differs; running it again changes nothing. The Flow is found by its name, one per
 * collection, so that Directus's limit on Flows is not used up.
 */
public final class DirectusFlow {

  static final String OPERATION_KEY = "notify_event_sync";
  private static final List<String> SCOPE = List.of("items.create", "items.update", "items.delete");

  private final DirectusClient client;
  private final String collection;
  /** The collections whose changes call the hook: the events, and the proposals if any. */
  private final List<String> watched;
  private final URI hook;
  private final String secret;

  /** What {@link #ensure} did, or would do: one line per change; empty when all was in place. */
  public record Result(List<String> changes) {
    public Result {
      changes = List.copyOf(changes);
    }
  }

  /**
   * @param proposals the proposals collection, when there is one: a moderator's decision then
   *     calls the hook too, so that it is carried out at once
   */
  public DirectusFlow(HttpTransport http, DirectusSettings settings,
      Optional<ProposalsCollection> proposals, URI hook, String secret) {
    this.client = new DirectusClient(http, settings);
    this.collection = settings.collection();
    List<String> watched = new ArrayList<>(List.of(collection));
    proposals.ifPresent(p -> watched.add(p.name()));
    this.watched = List.copyOf(watched);
    this.hook = Objects.requireNonNull(hook, "hook");
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /** The Flow's name: one per collection. */
  public String name() {
    return "event-sync: " + collection;
  }

  /** Creates the Flow, or repairs it; with {@code dryRun}, only says what it would change. */
  public Result ensure(boolean dryRun) {
    List<String> changes = new ArrayList<>();
    Optional<JsonObject> found = find();
    if (found.isEmpty()) {
      changes.add("create the Flow '" + name() + "' (on create, update and delete in '"
          + String.join("', '", watched) + "') calling " + hook);
      if (!dryRun) {
        String flowId = client.post("/flows", flow()).getAsJsonObject().get("id").getAsString();
        link(flowId, createOperation(flowId));
      }
      return new Result(changes);
    }
    JsonObject flow = found.get();
    String flowId = flow.get("id").getAsString();
    JsonObject wanted = flow();
    JsonObject patch = new JsonObject();
    for (String key : List.of("status", "trigger", "accountability", "options")) {
      if (!Objects.equals(flow.get(key), wanted.get(key))) {
        patch.add(key, wanted.get(key));
        changes.add("set the Flow's " + key + " to " + shown(wanted.get(key)));
      }
    }
    if (!dryRun && patch.size() > 0) {
      client.patch("/flows/" + flowId, patch);
    }
    Optional<JsonObject> operation = operationOf(flow);
    if (operation.isEmpty()) {
      changes.add("add the request operation calling " + hook);
      if (!dryRun) {
        link(flowId, createOperation(flowId));
      }
    } else if (!sameRequest(operation.get())) {
      changes.add("point the request operation at " + hook + " with the current secret");
      if (!dryRun) {
        JsonObject body = new JsonObject();
        body.addProperty("type", "request");
        body.add("options", requestOptions());
        client.patch("/operations/" + operation.get().get("id").getAsString(), body);
        if (!operation.get().get("id").equals(flow.get("operation"))) {
          link(flowId, operation.get().get("id").getAsString());
        }
      }
    } else if (!operation.get().get("id").equals(flow.get("operation"))) {
      changes.add("make the request operation the Flow's first step");
      if (!dryRun) {
        link(flowId, operation.get().get("id").getAsString());
      }
    }
    return new Result(changes);
  }

  /** Deletes the Flow and its operations, if there is one (for tests and clean-ups). */
  public void drop() {
    find().ifPresent(flow -> client.delete("/flows/" + flow.get("id").getAsString()));
  }

  private Optional<JsonObject> find() {
    JsonElement flows = client.get("/flows", Map.of(
        "filter", "{\"name\":{\"_eq\":" + quoted(name()) + "}}",
        "fields", "id,status,trigger,accountability,options,operation,operations.id,"
            + "operations.key,operations.type,operations.options"));
    for (JsonElement f : flows.getAsJsonArray()) {
      return Optional.of(f.getAsJsonObject());
    }
    return Optional.empty();
  }

  private static Optional<JsonObject> operationOf(JsonObject flow) {
    JsonElement operations = flow.get("operations");
    if (operations == null || !operations.isJsonArray()) {
      return Optional.empty();
    }
    for (JsonElement o : operations.getAsJsonArray()) {
      JsonObject operation = o.getAsJsonObject();
      if (OPERATION_KEY.equals(operation.get("key").getAsString())) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }

  private boolean sameRequest(JsonObject operation) {
    return "request".equals(operation.get("type").getAsString())
        && requestOptions().equals(operation.get("options"));
  }

  private String createOperation(String flowId) {
    JsonObject body = new JsonObject();
    body.addProperty("flow", flowId);
    body.addProperty("key", OPERATION_KEY);
    body.addProperty("name", "Notify event-sync");
    body.addProperty("type", "request");
    body.addProperty("position_x", 19);
    body.addProperty("position_y", 1);
    body.add("options", requestOptions());
    return client.post("/operations", body).getAsJsonObject().get("id").getAsString();
  }

  private void link(String flowId, String operationId) {
    JsonObject body = new JsonObject();
    body.addProperty("operation", operationId);
    client.patch("/flows/" + flowId, body);
  }

  private JsonObject flow() {
    JsonObject flow = new JsonObject();
    flow.addProperty("name", name());
    flow.addProperty("icon", "sync");
    flow.addProperty("description", "Tells event-sync serve that the collection changed");
    flow.addProperty("status", "active");
    flow.addProperty("trigger", "event");
    flow.addProperty("accountability", "all");
    JsonObject options = new JsonObject();
    options.addProperty("type", "action"); // non-blocking: the change never waits for the sync
    JsonArray scope = new JsonArray();
    SCOPE.forEach(scope::add);
    options.add("scope", scope);
    JsonArray collections = new JsonArray();
    watched.forEach(collections::add);
    options.add("collections", collections);
    flow.add("options", options);
    return flow;
  }

  private JsonObject requestOptions() {
    JsonObject options = new JsonObject();
    options.addProperty("method", "POST");
    options.addProperty("url", hook.toString());
    JsonArray headers = new JsonArray();
    JsonObject authorization = new JsonObject();
    authorization.addProperty("header", "Authorization");
    authorization.addProperty("value", "Bearer " + secret);
    headers.add(authorization);
    options.add("headers", headers);
    // What changed is not needed (a hook syncs the whole pair), only that something did.
    options.addProperty("body", "{\"event\":\"{{$trigger.event}}\",\"collection\":\"{{$trigger.collection}}\"}");
    return options;
  }

  /** A value for a message: the options as JSON, never a header value (it holds the secret). */
  private static String shown(JsonElement value) {
    return value.isJsonPrimitive() ? value.getAsString() : value.toString();
  }

  private static String quoted(String text) {
    JsonArray holder = new JsonArray();
    holder.add(text);
    String json = holder.toString();
    return json.substring(1, json.length() - 1);
  }
}
