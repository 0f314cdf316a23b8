package org.eventsync.directus;

import java.net.URI;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Where the events live in Directus and how to read them.
 *
 * @param baseUrl the Directus address, e.g. {@code https://cms.example.org}
 * @param token a static access token (sent as a Bearer header, never in URLs)
 * @param collection the events collection
 * @param zone the time zone that gives Directus' zone-less {@code dateTime} values their meaning
 */
public record DirectusSettings(URI baseUrl, String token, String collection, ZoneId zone) {
  public DirectusSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(zone, "zone");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the Directus token is empty");
    }
    if (collection == null || !collection.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "the Directus collection name must be letters, digits or _: " + collection);
    }
    String text = baseUrl.toString();
    baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "DirectusSettings[" + baseUrl + ", collection=" + collection + ", zone=" + zone + "]";
  }
}
