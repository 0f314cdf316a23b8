package org.eventsync.directus;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpTransport;

/** The moderated side: a Directus collection of events, read and written over the REST API. */
public final class DirectusEventSource implements EventSource {

  private final DirectusClient client;
  private final DirectusItemMapper mapper;
  private final DirectusFields fields;
  private final String items;

  public DirectusEventSource(HttpTransport http, DirectusSettings settings, DirectusFields fields) {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(settings, "settings");
    this.fields = Objects.requireNonNull(fields, "fields");
    this.client = new DirectusClient(http, settings);
    this.mapper = new DirectusItemMapper(fields, settings);
    this.items = "/items/" + settings.collection();
  }

  @Override
  public Listing<SourceEvent> list() {
    JsonElement data =
        client.get(items, Map.of("limit", "-1", "sort", "id", "fields", String.join(",", fields.all())));
    if (!data.isJsonArray()) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION, "Directus listed " + items + " as something other than a list");
    }
    List<SourceEvent> events = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    for (JsonElement element : data.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        problems.add(new ItemProblem("Directus " + items, "an item that is not an object"));
        continue;
      }
      JsonObject item = element.getAsJsonObject();
      try {
        events.add(mapper.read(item));
      } catch (InvalidEventException e) {
        problems.add(new ItemProblem(describe(item), e.getMessage()));
      }
    }
    return new Listing<>(events, problems);
  }

  @Override
  public boolean mintedUid(String uid) {
    return mapper.minted(uid);
  }

  @Override
  public SourceEvent importEvent(Event event) {
    return stored(client.post(items, mapper.imported(event)));
  }

  @Override
  public SourceEvent update(SourceEvent current, Event content) {
    return stored(client.patch(items + "/" + current.id(), mapper.content(content)));
  }

  @Override
  public void delete(SourceEvent current) {
    client.delete(items + "/" + current.id());
  }

  private SourceEvent stored(JsonElement data) {
    if (!data.isJsonObject()) {
      throw new ItemFailedException("Directus did not return the stored item");
    }
    try {
      return mapper.read(data.getAsJsonObject());
    } catch (InvalidEventException e) {
      throw new ItemFailedException("Directus stored the item differently: " + e.getMessage());
    }
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
