package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.ProposalsUnavailableException;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpTransport;

/**
 * The moderated side: a Directus collection of events, over the REST API.
 *
 * <p>Reading is incremental ({@link CollectionReader}) into a mirror kept between runs ({@link
 * DirectusMirror}); items become events through {@link DirectusItemMapper}.
 *
 * <p>Imports go in batches (Directus stores a batch all or nothing, so a refused batch is retried
 * item by item to name the bad one).
 */
public final class DirectusEventSource implements EventSource {

  private static final int IMPORT_BATCH = 100;
  /**
   * What the cache's mapped values depend on besides the settings: a release that maps items
   * differently changes it, and the cache is read afresh.
   */
  private static final String CACHED_VALUES = "values 1";

  private final DirectusClient client;
  private final DirectusSettings settings;
  private final DirectusFields fields;
  private final DirectusMirror mirror;
  private final CollectionReader reader;
  private final String items;
  private final Optional<DirectusProposals> proposals;
  private DirectusItemMapper mapper;
  /** Whether {@link #version} read the changes that the next {@link #list} would read. */
  private boolean refreshed;
  /** Whether {@link #carryOutDecisions} read the changes that {@link #version} would read. */
  private boolean readBeside;

  public DirectusEventSource(HttpTransport http, DirectusSettings settings, DirectusFields fields) {
    this(http, settings, fields, Optional.empty());
  }

  /** A source that keeps what it read in {@code cacheFile}, so that later runs read only changes. */
  public DirectusEventSource(
      HttpTransport http, DirectusSettings settings, DirectusFields fields, Optional<Path> cacheFile) {
    this(http, settings, fields, cacheFile, Optional.empty());
  }

  /**
   * A source that also takes proposals of calendar-side changes into {@code proposals} (see
   * {@link EventSource#propose}); without, it takes none.
   */
  public DirectusEventSource(HttpTransport http, DirectusSettings settings, DirectusFields fields,
      Optional<Path> cacheFile, Optional<ProposalsCollection> proposals) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.fields = Objects.requireNonNull(fields, "fields");
    this.client = new DirectusClient(Objects.requireNonNull(http, "http"), settings);
    this.items = "/items/" + settings.collection();
    this.mirror =
        DirectusMirror.load(
            cacheFile,
            settings.baseUrl() + "|" + settings.collection() + "|" + settings.approvalFilter()
                + "|" + fields + "|" + settings.zone().getId() + "|" + CACHED_VALUES);
    this.reader = new CollectionReader(client, settings, mirror);
    this.proposals = proposals.map(
        p -> new DirectusProposals(client, p, settings.collection(), fields.approved()));
  }

  @Override
  public Listing<SourceEvent> list() {
    if (!refreshed) {
      refresh();
    }
    refreshed = false;
    if (!mirror.load()) {
      refresh(); // the cached items could not be read back: the mirror is empty, read everything
    }
    Listing<SourceEvent> listing = MirrorListing.of(mirror, mapper(), fields);
    mirror.save();
    return listing;
  }

  /** The mirror's revision after reading what changed, and the zone that gives times meaning. */
  @Override
  public Optional<String> version() {
    if (!readBeside) {
      refresh();
    }
    readBeside = false;
    refreshed = true;
    mirror.save();
    return Optional.of(mirror.revision() + " " + settings.zone().getId());
  }

  private void refresh() {
    mapper(); // the field types, read once, decide which fields are requested
    reader.refresh(requested());
  }

  @Override
  public void propose(Proposal proposal) {
    proposals().propose(proposal, mapper());
  }

  @Override
  public List<String> carryOutDecisions(boolean apply) {
    DirectusProposals decisions = proposals();
    // The changes since the last run are read beside the decisions, of which there are seldom
    // any: when none is carried out, that read is the one version() would make; else version()
    // reads again and so sees what the decisions changed.
    CompletableFuture<Void> read =
        CompletableFuture.runAsync(this::refresh, new Beside("directus-read"));
    boolean itemsChanged = true;
    try {
      List<String> lines = decisions.carryOut(apply);
      itemsChanged = !lines.isEmpty();
      return lines;
    } catch (ProposalsUnavailableException e) {
      itemsChanged = false;
      throw e;
    } finally {
      // The read ends before anything else touches the mirror, failed or not.
      boolean readOk = read.handle((done, failed) -> failed == null).join();
      readBeside = readOk && !itemsChanged;
    }
  }

  private DirectusProposals proposals() {
    return proposals.orElseThrow(() -> new ProposalsUnavailableException(
        "no proposals collection is configured"));
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

  /** Field name → type, checking that the fields the sync cannot do without exist. */
  private Map<String, String> fieldTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonElement f : CollectionReader.array(client.get("/fields/" + settings.collection(), Map.of()))) {
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

  private synchronized DirectusItemMapper mapper() {
    if (mapper == null) {
      if (mirror.fieldTypes().isEmpty()) {
        mirror.fieldTypes(fieldTypes());
      }
      mapper = new DirectusItemMapper(fields, settings, mirror.fieldTypes());
    }
    return mapper;
  }
}
