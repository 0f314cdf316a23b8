package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.http.HttpRequest;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;

/**
 * JSON over Directus' REST API, with its error answers turned into messages a person can act on.
 * Directus answers 403 FORBIDDEN, never 404, for a missing collection or item as well as for a
 * missing permission, so a 403 is never read as "deleted".
 */
final class DirectusClient {

  /** What the sync does with the events collection: list, import, update (and re-key) items. */
  private static final List<String> REQUIRED_ACTIONS = List.of("read", "create", "update");

  private final HttpTransport http;
  private final DirectusSettings settings;

  DirectusClient(HttpTransport http, DirectusSettings settings) {
    this.http = http;
    this.settings = settings;
  }

  JsonElement get(String path, Map<String, String> query) {
    return data(read(path, query), path);
  }

  HttpResponse read(String path, Map<String, String> query) {
    return send("GET", path, query, Optional.empty());
  }


  /** The data of a response, for callers that needed the response itself (its Date header). */
  static JsonElement dataOf(HttpResponse response, String path) {
    return data(response, path);
  }

  JsonElement post(String path, JsonElement body) {
    return data(send("POST", path, Map.of(), Optional.of(body)), path);
  }

  JsonElement patch(String path, JsonElement body) {
    return data(send("PATCH", path, Map.of(), Optional.of(body)), path);
  }

  void delete(String path) {
    send("DELETE", path, Map.of(), Optional.empty());
  }

  /** Sends and maps failures; item-level failures (400) become {@link ItemFailedException}. */
  HttpResponse send(String method, String path, Map<String, String> query, Optional<JsonElement> body) {
    URI uri = uri(path, query);
    // The query string may hold filters; the token travels only in the header.
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + settings.token(), "Accept", "application/json");
    HttpRequest request =
        body.map(b -> HttpRequest.of(method, uri, headers, b.toString(), "application/json"))
            .orElse(HttpRequest.of(method, uri, headers));
    HttpResponse response = http.send(request);
    if (response.ok()) {
      return response;
    }
    throw failure(method, path, response);
  }

  private RuntimeException failure(String method, String path, HttpResponse response) {
    String code = errorCode(response).orElse("");
    String message = errorMessage(response).orElse(response.excerpt());
    String where = settings.baseUrl() + path;
    switch (response.status()) {
      case 401:
        return new SideUnavailableException(
            Reason.AUTHENTICATION,
            Check.SOURCE_CREDENTIALS,
            "Directus refused the token (" + (code.isEmpty() ? "401" : code) + ") at "
                + settings.baseUrl() + ": the token is wrong or expired");
      case 403:
        Forbidden why = forbiddenBecause(message);
        return new SideUnavailableException(
            Reason.CONFIGURATION,
            why.check(),
            "Directus answered FORBIDDEN for " + method + " " + where + ": " + why.text());
      case 404:
        return new SideUnavailableException(
            Reason.CONFIGURATION,
            Check.SOURCE_ADDRESS,
            "no Directus API at " + where + " (404)");
      case 400:
      case 500:
        if (method.equals("GET")) {
          // On a read, 400 means the query is wrong (a bad approval filter, a missing field);
          // a 500 that outlasted the retries is the server's trouble.
          return response.status() == 400
              ? new SideUnavailableException(
                  Reason.CONFIGURATION,
                  Check.SOURCE_QUERY,
                  "Directus refused the query for " + path + " (" + code + "): " + message)
              : new SideUnavailableException(
                  Reason.UNREACHABLE, "Directus kept failing (500) for " + path + ": " + message);
        }
        // Directus answers 500 for an invalid date; on a write both concern the item sent.
        return new ItemFailedException(
            "Directus refused it (" + response.status() + (code.isEmpty() ? "" : " " + code) + "): "
                + message + fieldOf(response).map(f -> " [field " + f + "]").orElse(""));
      default:
        return new SideUnavailableException(
            Reason.UNREACHABLE,
            "Directus answered " + response.status() + " for " + method + " " + where + ": "
                + message);
    }
  }

  /**
   * Why Directus said FORBIDDEN, from what the token's user may do ({@code /permissions/me},
   * Directus 11+): the permissions it lacks, or a missing collection. Directus answers 403 for both.
   */
  private Forbidden forbiddenBecause(String directusSays) {
    String collection = settings.collection();
    Forbidden fallback = new Forbidden(Check.SOURCE_SCHEMA, "the collection '" + collection
        + "' does not exist or the token's user has no permission on it (Directus says both the"
        + " same way); create the collection, or give the user a policy with access to it");
    JsonObject permissions;
    try {
      HttpResponse response = http.send(HttpRequest.of("GET", uri("/permissions/me", Map.of()),
          Map.of("Authorization", "Bearer " + settings.token(), "Accept", "application/json")));
      if (!response.ok()) {
        return fallback;
      }
      permissions = data(response, "/permissions/me").getAsJsonObject();
    } catch (RuntimeException unreadable) {
      return fallback;
    }
    if (!permissions.has(collection)) {
      // An administrator may do everything with every collection there is.
      boolean admin = access(permissions, "directus_users", "delete").equals("full");
      return admin
          ? new Forbidden(Check.SOURCE_SCHEMA, "the collection '" + collection + "' does not exist")
          : fallback;
    }
    List<String> lacking = new ArrayList<>();
    for (String action : REQUIRED_ACTIONS) {
      if (access(permissions, collection, action).equals("none")) {
        lacking.add(action + " on '" + collection + "'");
      }
    }
    if (access(permissions, "directus_fields", "read").equals("none")) {
      lacking.add("read on 'directus_fields' (or App access)");
    }
    if (lacking.isEmpty()) {
      // The token may do all it needs: a field or item this request named is not there.
      return new Forbidden(Check.SOURCE_FIELDS, "Directus says \"" + directusSays + "\"");
    }
    return new Forbidden(Check.SOURCE_CREDENTIALS, "the token's user lacks the permission "
        + String.join(", ", lacking) + "; add it to the user's access policy in Directus"
        + " (Settings > Access Policies)");
  }

  /** Why Directus said FORBIDDEN, and what to look at. */
  private record Forbidden(Check check, String text) {}

  private static String access(JsonObject permissions, String collection, String action) {
    JsonElement c = permissions.get(collection);
    if (c == null || !c.isJsonObject() || !(c.getAsJsonObject().get(action) instanceof JsonObject a)
        || a.get("access") == null || !a.get("access").isJsonPrimitive()) {
      return "none";
    }
    return a.get("access").getAsString();
  }

  private URI uri(String path, Map<String, String> query) {
    StringBuilder text = new StringBuilder(settings.baseUrl().toString()).append(path);
    char separator = '?';
    for (Map.Entry<String, String> entry : query.entrySet()) {
      text.append(separator)
          .append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return URI.create(text.toString());
  }

  private static JsonElement data(HttpResponse response, String path) {
    if (response.status() == 204 || response.body().length == 0) {
      return JsonNull.INSTANCE;
    }
    try {
      JsonElement parsed = JsonParser.parseString(response.text());
      if (parsed.isJsonObject() && parsed.getAsJsonObject().has("data")) {
        return parsed.getAsJsonObject().get("data");
      }
      throw new SideUnavailableException(
          Reason.CONFIGURATION, "the answer for " + path + " is not a Directus answer (no data)");
    } catch (JsonParseException e) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          Check.SOURCE_ADDRESS,
          "the answer for " + path + " is not JSON: the address does not lead to Directus");
    }
  }

  private static Optional<JsonObject> firstError(HttpResponse response) {
    try {
      JsonElement parsed = JsonParser.parseString(response.text());
      if (parsed.isJsonObject() && parsed.getAsJsonObject().get("errors") instanceof JsonArray a
          && !a.isEmpty() && a.get(0).isJsonObject()) {
        return Optional.of(a.get(0).getAsJsonObject());
      }
    } catch (JsonParseException | IllegalStateException e) {
      // not a Directus error body; the caller shows an excerpt instead
    }
    return Optional.empty();
  }

  private static Optional<String> errorMessage(HttpResponse response) {
    return firstError(response).map(e -> e.get("message")).filter(JsonElement::isJsonPrimitive)
        .map(JsonElement::getAsString);
  }

  private static Optional<String> errorCode(HttpResponse response) {
    return extension(response, "code");
  }

  private static Optional<String> fieldOf(HttpResponse response) {
    return extension(response, "field");
  }

  private static Optional<String> extension(HttpResponse response, String name) {
    return firstError(response)
        .map(e -> e.get("extensions"))
        .filter(JsonElement::isJsonObject)
        .map(x -> x.getAsJsonObject().get(name))
        .filter(JsonElement::isJsonPrimitive)
        .map(JsonElement::getAsString);
  }
}
