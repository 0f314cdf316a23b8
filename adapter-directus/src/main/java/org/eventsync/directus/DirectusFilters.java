package org.eventsync.directus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.List;

/**
 * Directus filter rules ({@code filter=} of the items API), built as JSON values so that an id or
 * a time never becomes part of the rule's structure.
 */
final class DirectusFilters {

  private DirectusFilters() {}

  /** Items whose id is greater than {@code id}: the next page, in id order. */
  static JsonObject idAfter(String id) {
    return field("id", "_gt", value(id));
  }

  /** Items created or updated at or after {@code instant} (ISO-8601, the server's clock). */
  static JsonObject changedSince(String createdField, String updatedField, String instant) {
    JsonArray either = new JsonArray();
    either.add(field(updatedField, "_gte", new JsonPrimitive(instant)));
    either.add(field(createdField, "_gte", new JsonPrimitive(instant)));
    JsonObject or = new JsonObject();
    or.add("_or", either);
    return or;
  }

  /** {@code filter} narrowed to the items with one of {@code ids}. */
  static JsonObject among(JsonElement filter, List<String> ids) {
    JsonArray values = new JsonArray();
    ids.forEach(id -> values.add(value(id)));
    return all(filter, field("id", "_in", values));
  }

  /** {@code name} equals {@code value}. */
  static JsonObject equal(String name, String value) {
    return field(name, "_eq", new JsonPrimitive(value));
  }

  /** The pending proposal of item {@code id}. */
  static JsonObject pendingProposalOf(String id) {
    return all(field("item", "_eq", value(id)), equal("status", "pending"));
  }

  /** Accepted proposals that were not carried out yet. */
  static JsonObject acceptedNotApplied() {
    return all(equal("status", "accepted"), field("applied", "_null", new JsonPrimitive(true)));
  }

  /** The preset of {@code collection} named {@code bookmark}. */
  static JsonObject bookmark(String collection, String bookmark) {
    return all(equal("collection", collection), equal("bookmark", bookmark));
  }

  private static JsonObject all(JsonElement first, JsonElement second) {
    JsonArray both = new JsonArray();
    both.add(first);
    both.add(second);
    JsonObject and = new JsonObject();
    and.add("_and", both);
    return and;
  }

  /** The approval filter as a JSON value; the setting is checked when the adapter is built. */
  static JsonElement parse(String filter) {
    return JsonParser.parseString(filter);
  }

  /** An id as Directus keys it: a number stays a number, anything else is a string. */
  static JsonPrimitive value(String id) {
    return id.matches("-?\\d{1,18}") ? new JsonPrimitive(Long.parseLong(id)) : new JsonPrimitive(id);
  }

  private static JsonObject field(String name, String operator, JsonElement operand) {
    JsonObject condition = new JsonObject();
    condition.add(operator, operand);
    JsonObject rule = new JsonObject();
    rule.add(name, condition);
    return rule;
  }
}
