package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderated side: a Directus collection of events, over the REST API.
 *
 * <p>Reading is incremental: a first run reads every item in pages; later runs ask only for items
 * created or updated since the last read began ({@code date_created}/{@code date_updated}), and
 * find deletions by comparing the collection's count and id sum with what they hold, listing ids
 * only when those differ. An unchanged collection costs two small requests at any size.
 * Approval is whatever the approval filter says, evaluated by Directus itself.
 *
 * <p>Imports go in batches (Directus stores a batch all or nothing, so a refused batch is retried
 * item by item to name the bad one).
 */
public final class DirectusEventSource implements EventSource {

  private static final Logger LOG = LoggerFactory.getLogger(DirectusEventSource.class);
  private static final int IMPORT_BATCH = 100;
  private static final String CREATED = "date_created";
  private static final String UPDATED = "date_updated";

  private final DirectusClient client;
  private final DirectusSettings settings;
  private final DirectusFields fields;
  private final DirectusMirror mirror;
  private final String items;
  private DirectusItemMapper mapper;

  public DirectusEventSource(HttpTransport http, DirectusSettings settings, DirectusFields fields) {
    this(http, settings, fields, Optional.empty());
  }

  /** A source that keeps what it read in {@code cacheFile}, so that later runs read only changes. */
  public DirectusEventSource(
      HttpTransport http, DirectusSettings settings, DirectusFields fields, Optional<Path> cacheFile) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.fields = Objects.requireNonNull(fields, "fields");
    this.client = new DirectusClient(Objects.requireNonNull(http, "http"), settings);
    this.items = "/items/" + settings.collection();
    this.mirror =
        DirectusMirror.load(
            cacheFile,
            settings.baseUrl() + "|" + settings.collection() + "|" + settings.approvalFilter()
                + "|" + fields);
  }

  @Override
  public Listing<SourceEvent> list() {
    if (mirror.fieldTypes().isEmpty()) {
      mirror.fieldTypes(fieldTypes());
    }
    mapper = new DirectusItemMapper(fields, settings, mirror.fieldTypes());
    boolean tracksChanges =
        mirror.fieldTypes().containsKey(CREATED) && mirror.fieldTypes().containsKey(UPDATED);
    if (tracksChanges && mirror.cursor().isPresent()) {
      readChanges(mirror.cursor().get());
    } else {
      readAll(tracksChanges);
    }
    mirror.save();
    return listing();
  }

  /** Keeps this run's own writes in the cache. */
  @Override
  public void flush() {
    mirror.save();
  }

  /** The collection at its Directus host: what the items' minted uids depend on (no port). */
  @Override
  public Optional<String> identity() {
    return Optional.of("the collection '" + settings.collection() + "' at "
        + settings.baseUrl().getHost());
  }

  @Override
  public boolean mintedUid(String uid) {
    return mapper().minted(uid);
  }

  @Override
  public SourceEvent importEvent(Event event) {
    ImportOutcome outcome = importEvents(List.of(event)).get(0);
    return outcome.stored().orElseThrow(() -> new ItemFailedException(outcome.problem().get()));
  }

  @Override
  public List<ImportOutcome> importEvents(List<Event> events) {
    List<ImportOutcome> outcomes = new ArrayList<>();
    for (int from = 0; from < events.size(); from += IMPORT_BATCH) {
      List<Event> batch = events.subList(from, Math.min(events.size(), from + IMPORT_BATCH));
      JsonArray body = new JsonArray();
      batch.forEach(e -> body.add(mapper().imported(e)));
      try {
        JsonElement stored = client.post(items + "?fields=" + String.join(",", requested()), body);
        if (!stored.isJsonArray() || stored.getAsJsonArray().size() != batch.size()) {
          throw new ItemFailedException("Directus did not return the stored items");
        }
        for (JsonElement item : stored.getAsJsonArray()) {
          outcomes.add(storedOutcome(item));
        }
      } catch (ItemFailedException batchRefused) {
        if (batch.size() == 1) {
          outcomes.add(ImportOutcome.refused(batchRefused.getMessage()));
          continue;
        }
        // All or nothing: find the bad ones by storing the batch one by one.
        for (Event event : batch) {
          outcomes.addAll(importEvents(List.of(event)));
        }
      }
    }
    return outcomes;
  }

  @Override
  public SourceEvent update(SourceEvent current, Event content) {
    return patch(current, mapper().content(content));
  }

  @Override
  public SourceEvent reassignUid(SourceEvent current, String uid) {
    JsonObject change = new JsonObject();
    change.addProperty(fields.icalUid(), uid);
    return patch(current, change);
  }

  private SourceEvent patch(SourceEvent current, JsonObject change) {
    JsonElement stored =
        client.patch(items + "/" + current.id() + "?fields=" + String.join(",", requested()), change);
    if (stored.isJsonNull()) {
      // Directus answers 204 to a PATCH of a missing item: deleted meanwhile, or hidden from us.
      throw new ItemFailedException("item " + current.id() + " is no longer in Directus (or no"
          + " longer visible to the token); the next run reads the list again");
    }
    SourceEvent item = read(stored, current.approved());
    mirror.put(item.id(), stored.toString(), current.approved());
    return item;
  }

  @Override
  public void delete(SourceEvent current) {
    client.delete(items + "/" + current.id());
    mirror.remove(current.id());
  }

  private ImportOutcome storedOutcome(JsonElement item) {
    try {
      SourceEvent stored = read(item, false);
      mirror.put(stored.id(), item.toString(), false);
      return ImportOutcome.stored(stored);
    } catch (ItemFailedException e) {
      return ImportOutcome.refused(e.getMessage());
    }
  }

  private SourceEvent read(JsonElement data, boolean approved) {
    if (!data.isJsonObject()) {
      throw new ItemFailedException("Directus did not return the stored item");
    }
    try {
      return mapper().read(data.getAsJsonObject(), approved);
    } catch (InvalidEventException e) {
      // SQLite accepts wrong types silently; what comes back is what counts.
      throw new ItemFailedException("Directus stored it differently: " + e.getMessage());
    }
  }

  /** Reads every item in pages of the configured size, by id. */
  private void readAll(boolean tracksChanges) {
    mirror.clearItems();
    Optional<String> started = Optional.empty();
    String after = null;
    while (true) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("fields", String.join(",", requested()));
      query.put("sort", "id");
      query.put("limit", String.valueOf(settings.pageSize()));
      if (after != null) {
        query.put("filter", "{\"id\":{\"_gt\":" + JsonParser.parseString(quote(after)) + "}}");
      }
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
      after = id(page.get(page.size() - 1)).orElseThrow();
    }
    Set<String> approved = approvedIds(Optional.empty());
    for (String id : mirror.items().keySet()) {
      mirror.put(id, mirror.items().get(id), approved.contains(id));
    }
    mirror.cursor(tracksChanges ? started.orElse(null) : null);
    LOG.debug("Read all {} Directus items ({} approved)", mirror.items().size(), approved.size());
  }

  /** Reads what changed since {@code cursor}, and finds deletions by count and id sum. */
  private void readChanges(String cursor) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fields", String.join(",", requested()));
    query.put("sort", "id");
    query.put("limit", "-1");
    query.put("filter",
        "{\"_or\":[{\"" + UPDATED + "\":{\"_gte\":" + quote(cursor) + "}},{\"" + CREATED
            + "\":{\"_gte\":" + quote(cursor) + "}}]}");
    HttpResponse response = client.read(items, query);
    Optional<String> started = serverTime(response);
    JsonArray changed = array(DirectusClient.dataOf(response, items));
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
        mirror.put(id, mirror.items().get(id), approved.contains(id));
      }
    }
    if (!countAndSumMatch()) {
      Set<String> present = allIds();
      mirror.items().keySet().stream().filter(id -> !present.contains(id)).toList()
          .forEach(mirror::remove);
    }
    started.ifPresent(mirror::cursor);
    LOG.debug("Directus: {} items changed since {}; {} items", changedIds.size(), cursor,
        mirror.items().size());
  }

  /** Whether the collection's count and id sum equal the mirror's: then nothing was deleted. */
  private boolean countAndSumMatch() {
    JsonArray aggregate =
        array(client.get(items, Map.of("aggregate[count]", "id", "aggregate[sum]", "id")));
    if (aggregate.size() != 1 || !aggregate.get(0).isJsonObject()) {
      return false;
    }
    JsonObject row = aggregate.get(0).getAsJsonObject();
    try {
      long count = row.get("count").getAsJsonObject().get("id").getAsLong();
      JsonElement sum = row.get("sum").getAsJsonObject().get("id");
      long expectedSum = 0;
      for (String id : mirror.items().keySet()) {
        expectedSum += Long.parseLong(id);
      }
      LOG.debug("Directus holds {} items (id sum {}); the cache {} ({})", count, sum,
          mirror.items().size(), expectedSum);
      return count == mirror.items().size() && !sum.isJsonNull() == !mirror.items().isEmpty()
          && (sum.isJsonNull() || sum.getAsLong() == expectedSum);
    } catch (RuntimeException notNumeric) {
      LOG.debug("Cannot compare the id sum ({}); listing ids", notNumeric.toString());
      return false; // ids that are not numbers (uuids): list them instead
    }
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
    String filter = settings.approvalFilter();
    if (among.isPresent()) {
      JsonArray ids = new JsonArray();
      among.get().forEach(id -> ids.add(JsonParser.parseString(quote(id))));
      filter = "{\"_and\":[" + filter + ",{\"id\":{\"_in\":" + ids + "}}]}";
    }
    Set<String> approved = new HashSet<>();
    for (JsonElement item :
        array(client.get(items, Map.of("fields", "id", "limit", "-1", "filter", filter)))) {
      id(item).ifPresent(approved::add);
    }
    return approved;
  }

  private Listing<SourceEvent> listing() {
    List<SourceEvent> events = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : mirror.items().entrySet()) {
      JsonObject item = JsonParser.parseString(entry.getValue()).getAsJsonObject();
      try {
        events.add(mapper().read(item, mirror.approved().contains(entry.getKey())));
      } catch (InvalidEventException e) {
        problems.add(new ItemProblem(describe(item), e.getMessage(), mapper().uidOf(item)));
      } catch (RuntimeException e) {
        problems.add(new ItemProblem(describe(item), "cannot be read (" + e + ")", mapper().uidOf(item)));
      }
    }
    return new Listing<>(events, problems);
  }

  /** Field name → type, checking that the fields the sync cannot do without exist. */
  private Map<String, String> fieldTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonElement f : array(client.get("/fields/" + settings.collection(), Map.of()))) {
      JsonObject field = f.getAsJsonObject();
      types.put(field.get("field").getAsString(),
          field.has("type") && !field.get("type").isJsonNull() ? field.get("type").getAsString() : "");
    }
    for (String needed : List.of(fields.title(), fields.startDate(), fields.icalUid())) {
      if (!types.containsKey(needed)) {
        throw new SideUnavailableException(
            Reason.CONFIGURATION,
            Check.SOURCE_SCHEMA,
            "the Directus collection '" + settings.collection() + "' has no field '" + needed
                + "'");
      }
    }
    return types;
  }

  /** The mapped fields that exist, plus the id: Directus fails a request naming a missing field. */
  private List<String> requested() {
    return fields.all().stream().filter(f -> f.equals("id") || mirror.fieldTypes().containsKey(f))
        .toList();
  }

  private DirectusItemMapper mapper() {
    if (mapper == null) {
      if (mirror.fieldTypes().isEmpty()) {
        mirror.fieldTypes(fieldTypes());
      }
      mapper = new DirectusItemMapper(fields, settings, mirror.fieldTypes());
    }
    return mapper;
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

  private static JsonArray array(JsonElement data) {
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

  /** A JSON literal for an id or text: numbers stay numbers. */
  private static String quote(String value) {
    return value.matches("-?\\d{1,18}") ? value : new com.google.gson.JsonPrimitive(value).toString();
  }

  private String describe(JsonObject item) {
    String id = item.has("id") ? item.get("id").toString() : "?";
    String title;
    try {
      title = DirectusItemMapper.text(item, fields.title()).map(t -> " \"" + t + "\"").orElse("");
    } catch (InvalidEventException e) {
      title = "";
    }
    return "Directus item " + id + title;
  }
}
