package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the {@link DirectusMirror} up to date with the collection. A first run reads every item
 * in pages; later runs ask only for items created or updated since the last read began ({@code
 * date_created}/{@code date_updated}), and find deletions by comparing the collection's count and
 * id sum with what they hold, listing ids only when those differ. An unchanged collection costs
 * two small requests at any size. Approval is whatever the approval filter says, evaluated by
 * Directus itself.
 */
final class CollectionReader {

  private static final Logger LOG = LoggerFactory.getLogger(CollectionReader.class);
  static final String CREATED = "date_created";
  static final String UPDATED = "date_updated";

  private final DirectusClient client;
  private final DirectusSettings settings;
  private final DirectusMirror mirror;
  private final String items;

  CollectionReader(DirectusClient client, DirectusSettings settings, DirectusMirror mirror) {
    this.client = client;
    this.settings = settings;
    this.mirror = mirror;
    this.items = "/items/" + settings.collection();
  }

  /** Reads what changed into the mirror (everything when it cannot tell); its owner saves it. */
  void refresh(List<String> requested) {
    boolean tracksChanges =
        mirror.fieldTypes().containsKey(CREATED) && mirror.fieldTypes().containsKey(UPDATED);
    if (tracksChanges && mirror.cursor().isPresent()) {
      readChanges(mirror.cursor().get(), requested);
    } else {
      readAll(tracksChanges, requested);
    }
  }

  /** Reads every item in pages of the configured size, by id. */
  private void readAll(boolean tracksChanges, List<String> requested) {
    mirror.clearItems();
    Optional<String> started = Optional.empty();
    Optional<String> after = Optional.empty();
    while (true) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("fields", String.join(",", requested));
      query.put("sort", "id");
      query.put("limit", String.valueOf(settings.pageSize()));
      after.ifPresent(id -> query.put("filter", DirectusFilters.idAfter(id).toString()));
      HttpResponse response = client.read(items, query);
      if (started.isEmpty()) {
        started = serverTime(response);
      }
      JsonArray page = array(DirectusClient.dataOf(response, items));
      for (JsonElement item : page) {
        id(item).ifPresent(id -> mirror.put(id, item.toString(), false));
      }
      if (page.size() < settings.pageSize()) {
        break;
      }
      after = Optional.of(id(page.get(page.size() - 1)).orElseThrow());
    }
    Set<String> approved = approvedIds(Optional.empty());
    for (String id : mirror.ids()) {
      mirror.approve(id, approved.contains(id));
    }
    mirror.cursor(tracksChanges ? started.orElse(null) : null);
    LOG.debug("Read all {} Directus items ({} approved)", mirror.count(), approved.size());
  }

  /** Reads what changed since {@code cursor}, and finds deletions by count and id sum. */
  private void readChanges(String cursor, List<String> requested) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fields", String.join(",", requested));
    query.put("sort", "id");
    query.put("limit", "-1");
    query.put("filter", DirectusFilters.changedSince(CREATED, UPDATED, cursor).toString());
    // The count and id sum, which tell deletions, are asked beside the changes: one round trip.
    CompletableFuture<JsonArray> totals =
        CompletableFuture.supplyAsync(this::totals, new Beside("directus-totals"));
    HttpResponse response = client.read(items, query);
    Optional<String> started = serverTime(response);
    JsonArray changed = array(DirectusClient.dataOf(response, items));
    // The cached items are read only when something changed; if they cannot be read back, the
    // mirror is empty and everything is read.
    if (changed.size() > 0 && !mirror.load()) {
      readAll(true, requested);
      return;
    }
    boolean deleted = !countAndSumMatch(Beside.joined(totals), changed);
    if (deleted && !mirror.load()) {
      readAll(true, requested);
      return;
    }
    List<String> changedIds = new ArrayList<>();
    for (JsonElement item : changed) {
      id(item).ifPresent(id -> {
        changedIds.add(id);
        mirror.put(id, item.toString(), false);
      });
    }
    if (!changedIds.isEmpty()) {
      Set<String> approved = approvedIds(Optional.of(changedIds));
      for (String id : changedIds) {
        mirror.approve(id, approved.contains(id));
      }
    }
    if (deleted) {
      Set<String> present = allIds();
      mirror.ids().stream().filter(id -> !present.contains(id)).toList()
          .forEach(mirror::remove);
    }
    if (!changedIds.isEmpty() || deleted) {
      // Else the cursor stays: the changes since it are still none, and the cache stays unwritten.
      started.ifPresent(mirror::cursor);
    }
    LOG.debug("Directus: {} items changed since {}; {} items", changedIds.size(), cursor,
        mirror.count());
  }

  /**
   * Whether the collection's count and id sum equal the mirror's once the {@code changed} items
   * are in it: then nothing was deleted. Asked before the changes are applied, from the mirror's
   * head when its items were not read.
   */
  private boolean countAndSumMatch(JsonArray aggregate, JsonArray changed) {
    if (aggregate.size() != 1 || !aggregate.get(0).isJsonObject()) {
      return false;
    }
    JsonObject row = aggregate.get(0).getAsJsonObject();
    try {
      long count = row.get("count").getAsJsonObject().get("id").getAsLong();
      JsonElement sum = row.get("sum").getAsJsonObject().get("id");
      long expectedCount = mirror.count();
      Optional<Long> expectedSum = mirror.idSum();
      if (expectedSum.isEmpty()) {
        return false; // ids that are not numbers (uuids): list them instead
      }
      long mirrorSum = expectedSum.get();
      for (JsonElement item : changed) {
        Optional<String> id = id(item);
        if (id.isPresent() && !mirror.ids().contains(id.get())) {
          expectedCount++;
          mirrorSum += Long.parseLong(id.get());
        }
      }
      LOG.debug("Directus holds {} items (id sum {}); the cache {} ({})", count, sum,
          expectedCount, mirrorSum);
      return count == expectedCount && !sum.isJsonNull() == (expectedCount > 0)
          && (sum.isJsonNull() || sum.getAsLong() == mirrorSum);
    } catch (RuntimeException notNumeric) {
      LOG.debug("Cannot compare the id sum ({}); listing ids", notNumeric.toString());
      return false; // ids that are not numbers (uuids): list them instead
    }
  }

  /** The collection's count and id sum. */
  private JsonArray totals() {
    return array(client.get(items, Map.of("aggregate[count]", "id", "aggregate[sum]", "id")));
  }

  private Set<String> allIds() {
    Set<String> ids = new HashSet<>();
    for (JsonElement item : array(client.get(items, Map.of("fields", "id", "limit", "-1")))) {
      id(item).ifPresent(ids::add);
    }
    return ids;
  }

  /** The ids the approval filter selects, among {@code among} when given. */
  private Set<String> approvedIds(Optional<List<String>> among) {
    JsonElement approval = DirectusFilters.parse(settings.approvalFilter());
    JsonElement filter = among.<JsonElement>map(ids -> DirectusFilters.among(approval, ids))
        .orElse(approval);
    Set<String> approved = new HashSet<>();
    for (JsonElement item : array(
        client.get(items, Map.of("fields", "id", "limit", "-1", "filter", filter.toString())))) {
      id(item).ifPresent(approved::add);
    }
    return approved;
  }

  /**
   * The server's clock when a read began: the response's Date header (whole seconds, rounded
   * down) less one second of margin. Anything changed after the read began has a later timestamp.
   */
  private static Optional<String> serverTime(HttpResponse response) {
    try {
      return response.header("date")
          .map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
          .map(i -> i.minusSeconds(1))
          .map(Instant::toString);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static JsonArray array(JsonElement data) {
    if (!data.isJsonArray()) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION, "Directus answered something other than a list of items");
    }
    return data.getAsJsonArray();
  }

  private static Optional<String> id(JsonElement item) {
    if (item.isJsonObject() && item.getAsJsonObject().has("id")
        && item.getAsJsonObject().get("id").isJsonPrimitive()) {
      return Optional.of(item.getAsJsonObject().get("id").getAsString());
    }
    return Optional.empty();
  }
}
