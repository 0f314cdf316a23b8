package org.eventsync.testsupport;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Seeds and reads a Directus collection directly over REST. */
public final class DirectusProbe {

  private final TestServers servers;
  private final String collection;

  public DirectusProbe(TestServers servers, String collection) {
    this.servers = servers;
    this.collection = collection;
  }

  public int create(JsonObject item) {
    HttpResponse<String> r = send("POST", "/items/" + collection, item.toString());
    Http.expect(r, 200);
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("data").get("id")
        .getAsInt();
  }

  /** Creates many items in one batch request. */
  public void createAll(JsonArray items) {
    HttpResponse<String> r = send("POST", "/items/" + collection + "?fields=id", items.toString());
    Http.expect(r, 200);
  }

  /**
   * Seeds {@code n} approved items an hour apart from 2027-01-01 10:00, in batches of 1,000
   * (for benchmarks: the seeding is not what they measure).
   */
  public void seedApproved(int n) {
    for (int from = 0; from < n; from += 1000) {
      JsonArray batch = new JsonArray();
      for (int i = from; i < Math.min(n, from + 1000); i++) {
        JsonObject item = item("Event " + i,
            LocalDateTime.of(2027, 1, 1, 10, 0).plusHours(i).toString(), true);
        item.addProperty("description", "Seeded event number " + i);
        item.addProperty("location", "Room " + (i % 10));
        batch.add(item);
      }
      createAll(batch);
    }
  }

  public void update(int id, JsonObject fields) {
    HttpResponse<String> r = send("PATCH", "/items/" + collection + "/" + id, fields.toString());
    Http.expect(r, 200);
  }

  public void delete(int id) {
    send("DELETE", "/items/" + collection + "/" + id, null);
  }

  public List<JsonObject> items() {
    HttpResponse<String> r = send("GET", "/items/" + collection + "?limit=-1&sort=id", null);
    Http.expect(r, 200);
    List<JsonObject> items = new ArrayList<>();
    JsonArray data = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("data");
    for (JsonElement e : data) {
      items.add(e.getAsJsonObject());
    }
    return items;
  }

  /**
   * A Directus user whose access policy grants only {@code actions} (e.g. "read") on this
   * collection, and read on directus_fields when {@code readsFields}; close it to remove the user
   * and policy again (Directus' Core licence has three user seats).
   */
  public LimitedUser limitedUser(boolean readsFields, String... actions) {
    String name = "limited-" + collection;
    JsonObject policy = new JsonObject();
    policy.addProperty("name", name);
    policy.addProperty("admin_access", false);
    policy.addProperty("app_access", false);
    HttpResponse<String> r = send("POST", "/policies", policy.toString());
    Http.expect(r, 200);
    String policyId = dataId(r);
    List<String[]> grants = new ArrayList<>();
    for (String action : actions) {
      grants.add(new String[] {collection, action});
    }
    if (readsFields) {
      grants.add(new String[] {"directus_fields", "read"});
    }
    for (String[] grant : grants) {
      JsonObject permission = new JsonObject();
      permission.addProperty("policy", policyId);
      permission.addProperty("collection", grant[0]);
      permission.addProperty("action", grant[1]);
      JsonArray all = new JsonArray();
      all.add("*");
      permission.add("fields", all);
      permission.add("permissions", new JsonObject());
      Http.expect(send("POST", "/permissions", permission.toString()), 200);
    }
    String token = "token-" + name;
    JsonObject user = new JsonObject();
    user.addProperty("email", name + "@example.com");
    user.addProperty("password", "password-" + name);
    user.addProperty("token", token);
    JsonArray policies = new JsonArray();
    JsonObject access = new JsonObject();
    access.addProperty("policy", policyId);
    policies.add(access);
    user.add("policies", policies);
    r = send("POST", "/users", user.toString());
    Http.expect(r, 200);
    String userId = dataId(r);
    return new LimitedUser(token, () -> {
      send("DELETE", "/users/" + userId, null);
      send("DELETE", "/policies/" + policyId, null);
    });
  }

  /** A token of a user with limited permissions; closing removes the user. */
  public record LimitedUser(String token, Runnable remove) implements AutoCloseable {
    @Override
    public void close() {
      remove.run();
    }
  }

  private static String dataId(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("data").get("id")
        .getAsString();
  }

  /**
   * Removes the collection and its proposals collection ({@link #proposalsCollection()}), if one
   * was made, so tests never pile up against Directus' 25-collection limit.
   */
  public void dropCollection() {
    HttpResponse<String> presets = send("GET", "/presets?fields=id&filter[collection][_eq]="
        + proposalsCollection(), null);
    if (presets.statusCode() == 200) {
      JsonParser.parseString(presets.body()).getAsJsonObject().getAsJsonArray("data").forEach(
          p -> send("DELETE", "/presets/" + p.getAsJsonObject().get("id").getAsString(), null));
    }
    send("DELETE", "/collections/" + proposalsCollection(), null); // 403 when there is none
    send("DELETE", "/collections/" + collection, null);
  }

  /** The proposals collection tests name after their events collection. */
  public String proposalsCollection() {
    return collection + "_changes";
  }

  /** The proposals in {@link #proposalsCollection()}, oldest first. */
  public List<JsonObject> proposals() {
    HttpResponse<String> response =
        send("GET", "/items/" + proposalsCollection() + "?sort=id&limit=-1", null);
    List<JsonObject> all = new ArrayList<>();
    JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("data")
        .forEach(e -> all.add(e.getAsJsonObject()));
    return all;
  }

  /** The names of the bookmarks (presets with a name) of the proposals collection. */
  public List<String> proposalBookmarks() {
    HttpResponse<String> response = send("GET", "/presets?fields=bookmark&filter[collection][_eq]="
        + proposalsCollection(), null);
    Http.expect(response, 200);
    List<String> names = new ArrayList<>();
    JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("data").forEach(p -> {
      JsonElement name = p.getAsJsonObject().get("bookmark");
      if (name != null && !name.isJsonNull()) {
        names.add(name.getAsString());
      }
    });
    return names;
  }

  /** A moderator sets a proposal's status. */
  public void decide(int proposal, String status) {
    JsonObject change = new JsonObject();
    change.addProperty("status", status);
    send("PATCH", "/items/" + proposalsCollection() + "/" + proposal, change.toString());
  }

  private HttpResponse<String> send(String method, String path, String body) {
    return Http.send(
        method, servers.directusUrl() + path, Http.bearer(servers.directusToken()), body,
        body == null ? null : "application/json");
  }

  public static JsonObject item(String title, String start, boolean approved) {
    JsonObject o = new JsonObject();
    o.addProperty("title", title);
    o.addProperty("start_date", start);
    o.addProperty("approved", approved);
    return o;
  }
}
