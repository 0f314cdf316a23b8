package org.eventsync.testsupport;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
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
            java.time.LocalDateTime.of(2027, 1, 1, 10, 0).plusHours(i).toString(), true);
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

  /** Removes the collection, so tests never pile up against Directus' 25-collection limit. */
  public void dropCollection() {
    send("DELETE", "/collections/" + collection, null);
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
