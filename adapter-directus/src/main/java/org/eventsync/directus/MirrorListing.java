package org.eventsync.directus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;

/**
 * The source's listing, made from the mirror of the collection: an item whose event was mapped
 * before is taken as it was; the others are mapped now (and kept mapped). An item that cannot be
 * mapped is a problem of the listing, named by its id and title, and the rest goes on.
 */
final class MirrorListing {

  private MirrorListing() {}

  static Listing<SourceEvent> of(
      DirectusMirror mirror, DirectusItemMapper mapper, DirectusFields fields) {
    List<SourceEvent> events = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    for (String id : mirror.ids()) {
      boolean approved = mirror.approved().contains(id);
      Optional<Event> cached = mirror.event(id);
      if (cached.isPresent()) {
        events.add(mapper.of(id, cached.get(), approved));
        continue;
      }
      Optional<String> text = mirror.item(id);
      if (text.isEmpty()) {
        problems.add(new ItemProblem("item " + id, "its copy in the Directus cache cannot be"
            + " read; the next run reads it again", Optional.empty()));
        continue;
      }
      JsonObject item = JsonParser.parseString(text.get()).getAsJsonObject();
      try {
        SourceEvent read = mapper.read(item, approved);
        mirror.event(id, read.event());
        events.add(read);
      } catch (InvalidEventException e) {
        problems.add(new ItemProblem(describe(item, fields), e.getMessage(), mapper.uidOf(item)));
      } catch (RuntimeException e) {
        problems.add(new ItemProblem(describe(item, fields), "cannot be read (" + e + ")",
            mapper.uidOf(item)));
      }
    }
    return new Listing<>(events, problems);
  }

  private static String describe(JsonObject item, DirectusFields fields) {
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
