package org.eventsync.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pairs file ({@code PAIRS_FILE}): several pairs of a collection and a calendar, each with the
 * settings of {@code .env.example} that differ from the shared ones, in JSON that people edit by
 * hand (docs/configuration.md):
 *
 * <pre>{@code
 * {
 *   "defaults": {"DIRECTUS_API_URL": "https://cms.example.org",
 *                "DIRECTUS_API_TOKEN": "${CMS_TOKEN}"},
 *   "pairs": [
 *     {"name": "concerts", "NEXTCLOUD_CALENDAR_NAME": "Concerts",
 *      "DIRECTUS_APPROVAL_FILTER": "{\"approved\":{\"_eq\":true},\"category\":{\"_eq\":\"Concert\"}}"},
 *     {"name": "workshops", "NEXTCLOUD_CALENDAR_NAME": "Workshops"}
 *   ]
 * }
 * }</pre>
 *
 * Every mistake is one line naming the pair and the setting, all of them at once. Secrets are
 * never written in the file: they are {@code ${VARIABLE}} references to the environment.
 */
final class PairsFile {

  /** Settings whose values are secrets: only references to the environment may name them. */
  static final Set<String> SECRETS = Set.of("DIRECTUS_API_TOKEN", "NEXTCLOUD_PASSWORD",
      "STATE_DATABASE_PASSWORD", "SERVE_WEBHOOK_SECRET");
  /** Settings of the process, not of a pair: they stay in the environment or .env. */
  static final Set<String> PROCESS_ONLY = Set.of("PAIRS_FILE", "EVENT_SYNC_LOGS",
      "EVENT_SYNC_JAVA_OPTS", "EVENT_SYNC_PIDFILE", "STATE_DATABASE_URL", "STATE_DATABASE_USER",
      "STATE_DATABASE_PASSWORD", "SERVE_ADDRESS", "SERVE_WEBHOOK_SECRET", "SERVE_PUBLIC_URL",
      "WORKER_THREADS", "WORKER_HOST_BUDGET", "WORKER_HEARTBEAT", "WORKER_START_SPREAD");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** One pair: its name and the settings it gives (references resolved). */
  record Pair(String name, Map<String, String> settings) {
    Pair {
      settings = Map.copyOf(settings);
    }
  }

  private PairsFile() {}

  /**
   * Reads and checks {@code file}; {@code variables} resolves {@code ${NAME}} references.
   *
   * @throws ConfigException listing every mistake, one line each
   */
  static List<Pair> read(Path file, Set<String> known, Function<String, Optional<String>> variables) {
    JsonElement root;
    try {
      root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("PAIRS_FILE: cannot read " + file + ": " + e.getMessage());
    } catch (JsonParseException e) {
      throw new ConfigException(file + " is not valid JSON: " + e.getMessage());
    }
    List<String> mistakes = new ArrayList<>();
    List<Pair> pairs = new ArrayList<>();
    if (!root.isJsonObject()) {
      throw new ConfigException(file + " must hold a JSON object with \"pairs\" (and, if any,"
          + " \"defaults\")");
    }
    JsonObject top = root.getAsJsonObject();
    for (String key : top.keySet()) {
      if (!key.equals("pairs") && !key.equals("defaults")) {
        mistakes.add(file + ": '" + key + "' is not known; the file holds \"defaults\" and"
            + " \"pairs\"");
      }
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    if (top.has("defaults")) {
      if (top.get("defaults").isJsonObject()) {
        defaults = settings(file + ": defaults", top.getAsJsonObject("defaults"), known,
            variables, mistakes);
      } else {
        mistakes.add(file + ": \"defaults\" must be an object of settings");
      }
    }
    JsonElement list = top.get("pairs");
    if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
      mistakes.add(file + ": \"pairs\" must be a list of at least one pair");
      list = new JsonArray();
    }
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonElement element : list.getAsJsonArray()) {
      index++;
      if (!element.isJsonObject()) {
        mistakes.add(file + ": pair " + index + " must be an object with a \"name\"");
        continue;
      }
      JsonObject object = element.getAsJsonObject().deepCopy();
      JsonElement nameElement = object.remove("name");
      String name = nameElement != null && nameElement.isJsonPrimitive()
          && nameElement.getAsJsonPrimitive().isString() ? nameElement.getAsString() : "";
      if (!NAME.matcher(name).matches()) {
        mistakes.add(file + ": pair " + index + " needs a \"name\" of lower-case letters,"
            + " digits, - and _ (at most 63), such as \"concerts\"");
        continue;
      }
      if (!names.add(name)) {
        mistakes.add(file + ": the name '" + name + "' is used by two pairs");
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>(defaults);
      values.putAll(settings(file + ": pair '" + name + "'", object, known, variables, mistakes));
      pairs.add(new Pair(name, values));
    }
    if (!mistakes.isEmpty()) {
      throw new ConfigException(String.join(System.lineSeparator(), mistakes));
    }
    return pairs;
  }

  private static Map<String, String> settings(String where, JsonObject object, Set<String> known,
      Function<String, Optional<String>> variables, List<String> mistakes) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      String key = e.getKey();
      JsonElement value = e.getValue();
      if (!known.contains(key) && !key.startsWith("DIRECTUS_FIELD_")) {
        mistakes.add(where + ": '" + key + "' is not a setting; .env.example lists every setting");
      } else if (PROCESS_ONLY.contains(key)) {
        mistakes.add(where + ": " + key + " is a setting of the whole process: set it in the"
            + " environment or .env, not per pair");
      } else if (!value.isJsonPrimitive()) {
        mistakes.add(where + ": " + key + " must be a string, a number or true/false, not "
            + (value.isJsonNull() ? "null" : value.isJsonArray() ? "a list" : "an object"));
      } else {
        String text = value.getAsString();
        if (SECRETS.contains(key) && !REFERENCE.matcher(text.strip()).matches()) {
          mistakes.add(where + ": " + key + " is a secret: write a reference to an environment"
              + " variable such as \"${" + key + "_CONCERTS}\" instead of the value");
          continue;
        }
        resolve(where, key, text, variables, mistakes).ifPresent(v -> values.put(key, v));
      }
    }
    return values;
  }

  private static Optional<String> resolve(String where, String key, String text,
      Function<String, Optional<String>> variables, List<String> mistakes) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean complete = true;
    while (m.find()) {
      Optional<String> value = variables.apply(m.group(1));
      if (value.isEmpty()) {
        mistakes.add(where + ": " + key + " refers to ${" + m.group(1) + "}, which is not set in"
            + " the environment or .env");
        complete = false;
        m.appendReplacement(out, "");
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
      }
    }
    m.appendTail(out);
    return complete ? Optional.of(out.toString()) : Optional.empty();
  }
}
