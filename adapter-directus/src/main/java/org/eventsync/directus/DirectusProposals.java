package org.eventsync.directus;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.ProposalsUnavailableException;
import org.eventsync.core.port.SideUnavailableException;

/**
 * The proposals collection: one pending proposal per item, holding for each Directus field that
 * differs the approved value and the calendar's ({@code changes}; a further calendar edit adds
 * to it); moderators set its status to
 * {@code accepted} or {@code rejected} in Directus, and {@link #carryOut} applies the accepted
 * ones to their items and stamps them {@code applied}.
 */
final class DirectusProposals {

  private final DirectusClient client;
  private final ProposalsCollection collection;
  private final String items;
  private final String approvedField;

  DirectusProposals(DirectusClient client, ProposalsCollection collection, String eventsCollection,
      String approvedField) {
    this.client = client;
    this.collection = collection;
    this.items = "/items/" + eventsCollection;
    this.approvedField = approvedField;
  }

  /**
   * Stores {@code proposal} as its item's pending proposal. A further edit adds to a pending
   * edit (the fields it does not touch stay proposed); anything else replaces it.
   */
  void propose(Proposal proposal, DirectusItemMapper mapper) {
    String id = proposal.item().id();
    boolean edit = proposal.kind() == Proposal.Kind.EDIT;
    JsonObject changes = proposal.calendar()
        .map(edited -> changes(mapper.content(proposal.item().event()), mapper.content(edited)))
        .orElseGet(JsonObject::new);
    Optional<JsonObject> pending = guarded(() -> pendingOf(id));
    if (edit && pending.isPresent() && "edit".equals(text(pending.get(), "kind").orElse(""))
        && pending.get().get("changes") instanceof JsonObject before) {
      JsonObject merged = before.deepCopy();
      changes.entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
      changes = merged;
    }
    JsonObject body = new JsonObject();
    body.add("item", DirectusFilters.value(id));
    body.addProperty("kind", edit ? "edit" : "delete");
    body.addProperty("status", "pending");
    body.addProperty("summary", edit ? summary(changes, id) : proposal.describe());
    body.add("changes", changes);
    body.addProperty("calendar_uid", proposal.item().uid());
    body.addProperty("calendar_href", proposal.href());
    body.addProperty("seen", Instant.now().toString());
    // A proposal a moderator set back to pending may have been carried out once: this is new.
    body.add("applied", JsonNull.INSTANCE);
    body.add("note", JsonNull.INSTANCE);
    guarded(() -> pending.isPresent()
        ? client.patch(path() + "/" + pending.get().get("id").getAsString(), body)
        : client.post(path(), body));
  }

  /** "proposed: location 'Room 1' → 'Hall B' for item 12, from the calendar", in field names. */
  private static String summary(JsonObject changes, String item) {
    List<String> parts = new ArrayList<>();
    changes.entrySet().forEach(e -> {
      JsonObject change = e.getValue().getAsJsonObject();
      parts.add(e.getKey() + " " + shown(change.get("approved")) + " \u2192 "
          + shown(change.get("calendar")));
    });
    return "proposed: " + String.join(", ", parts) + " for item " + item + ", from the calendar";
  }

  private static String shown(JsonElement value) {
    return value == null || value.isJsonNull() ? "(none)"
        : "'" + (value.isJsonPrimitive() ? value.getAsString() : value.toString()) + "'";
  }

  /**
   * Carries out the accepted proposals not carried out yet; with {@code apply} false only says
   * which they are.
   */
  List<String> carryOut(boolean apply) {
    JsonElement accepted = guarded(() -> client.get(path(), Map.of(
        "filter", DirectusFilters.acceptedNotApplied().toString(),
        "fields", "id,item,kind,changes", "sort", "id", "limit", "-1")));
    List<String> lines = new ArrayList<>();
    for (JsonElement element : accepted.getAsJsonArray()) {
      JsonObject proposal = element.getAsJsonObject();
      String id = proposal.get("id").getAsString();
      Optional<String> item = text(proposal, "item");
      boolean deletion = text(proposal, "kind").orElse("edit").equals("delete");
      if (!apply) {
        lines.add("would carry out the accepted proposal " + id + " for item "
            + item.orElse("(none)") + " (dry run)");
        continue;
      }
      try {
        lines.add(carryOut(id, item, deletion, proposal.get("changes")));
      } catch (ItemFailedException e) {
        lines.add("the accepted proposal " + id + " cannot be carried out (" + e.getMessage()
            + "); it stays accepted and the next run tries again");
      }
    }
    return lines;
  }

  private String carryOut(String id, Optional<String> item, boolean deletion, JsonElement changes) {
    JsonObject stamp = new JsonObject();
    stamp.addProperty("applied", Instant.now().toString());
    String line;
    if (item.isEmpty()) {
      line = "the accepted proposal " + id + " names no item (it was deleted meanwhile);"
          + " closed without change";
      stamp.addProperty("note", "not carried out: the item no longer exists");
    } else if (deletion && collection.deleteItems()) {
      client.delete(items + "/" + item.get());
      line = "carried out the accepted proposal " + id + ": deleted item " + item.get();
    } else {
      JsonObject patch = new JsonObject();
      if (deletion) {
        patch.addProperty(approvedField, false);
      } else if (changes != null && changes.isJsonObject()) {
        changes.getAsJsonObject().entrySet().forEach(e -> patch.add(e.getKey(),
            e.getValue().isJsonObject() && e.getValue().getAsJsonObject().has("calendar")
                ? e.getValue().getAsJsonObject().get("calendar") : JsonNull.INSTANCE));
      }
      if (patch.size() == 0) {
        line = "the accepted proposal " + id + " for item " + item.get() + " holds no change;"
            + " closed without change";
        stamp.addProperty("note", "not carried out: no change in it");
      } else if (patchItem(item.get(), patch)) {
        line = "carried out the accepted proposal " + id + ": item " + item.get()
            + (deletion ? " is no longer approved" : " takes " + new TreeSet<>(patch.keySet()));
      } else {
        line = "the accepted proposal " + id + " is for item " + item.get() + ", which no longer"
            + " exists; closed without change";
        stamp.addProperty("note", "not carried out: the item no longer exists");
      }
    }
    guarded(() -> client.patch(path() + "/" + id, stamp));
    return line;
  }

  /** Whether the item was there to take {@code patch}. */
  private boolean patchItem(String item, JsonObject patch) {
    try {
      return !client.patch(items + "/" + item, patch).isJsonNull();
    } catch (ItemFailedException refused) {
      throw new ItemFailedException("item " + item + " refuses the accepted change: "
          + refused.getMessage());
    }
  }

  /** Field → {approved, calendar} for each Directus field the two contents differ in. */
  private static JsonObject changes(JsonObject approved, JsonObject calendar) {
    JsonObject changes = new JsonObject();
    TreeSet<String> names = new TreeSet<>(approved.keySet());
    names.addAll(calendar.keySet());
    for (String name : names) {
      JsonElement before = Objects.requireNonNullElse(approved.get(name), JsonNull.INSTANCE);
      JsonElement after = Objects.requireNonNullElse(calendar.get(name), JsonNull.INSTANCE);
      if (!before.equals(after)) {
        JsonObject change = new JsonObject();
        change.add("approved", before);
        change.add("calendar", after);
        changes.add(name, change);
      }
    }
    return changes;
  }

  private Optional<JsonObject> pendingOf(String item) {
    JsonElement found = client.get(path(), Map.of(
        "filter", DirectusFilters.pendingProposalOf(item).toString(), "fields", "id,kind,changes",
        "limit", "1"));
    return found.isJsonArray() && !found.getAsJsonArray().isEmpty()
        ? Optional.of(found.getAsJsonArray().get(0).getAsJsonObject())
        : Optional.empty();
  }

  private String path() {
    return "/items/" + collection.name();
  }

  /** A refusal of the collection itself (missing, forbidden, a field missing) means no proposals. */
  private <T> T guarded(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (SideUnavailableException e) {
      if (e.reason() != SideUnavailableException.Reason.CONFIGURATION) {
        throw e;
      }
      throw new ProposalsUnavailableException("Directus refuses the proposals collection '"
          + collection.name() + "': it is missing, lacks a field, or the token may not read,"
          + " create and update its items");
    }
  }

  private static Optional<String> text(JsonObject json, String name) {
    JsonElement value = json.get(name);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (value.isJsonObject() && value.getAsJsonObject().has("id")) {
      return Optional.of(value.getAsJsonObject().get("id").getAsString());
    }
    return value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
  }
}
