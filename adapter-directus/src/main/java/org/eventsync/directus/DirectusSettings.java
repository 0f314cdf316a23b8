package org.eventsync.directus;

import com.google.gson.JsonParser;
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
 * @param approvalFilter the Directus filter (JSON) that selects approved items
 * @param pageSize how many items one request reads
 */
public record DirectusSettings(
    URI baseUrl, String token, String collection, ZoneId zone, String approvalFilter, int pageSize) {

  /** Approved means the boolean field {@code approved} is true. */
  public static final String DEFAULT_APPROVAL_FILTER = "{\"approved\":{\"_eq\":true}}";

  /** Settings with the default approval filter and page size. */
  public DirectusSettings(URI baseUrl, String token, String collection, ZoneId zone) {
    this(baseUrl, token, collection, zone, DEFAULT_APPROVAL_FILTER, 1000);
  }

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
    Objects.requireNonNull(approvalFilter, "approvalFilter");
    try {
      if (!JsonParser.parseString(approvalFilter).isJsonObject()) {
        throw new IllegalArgumentException("not an object");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the approval filter must be a Directus filter object such as "
              + DEFAULT_APPROVAL_FILTER + ": " + approvalFilter);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("the page size must be positive");
    }
    String text = baseUrl.toString();
    baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "DirectusSettings[" + baseUrl + ", collection=" + collection + ", zone=" + zone
        + ", approved when " + approvalFilter + "]";
  }
}
