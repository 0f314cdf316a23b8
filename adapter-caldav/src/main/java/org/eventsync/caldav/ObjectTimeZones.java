package org.eventsync.caldav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import org.eventsync.core.InvalidEventException;

/**
 * The time zones of one calendar object: what each TZID it uses means, read from the object's own
 * VTIMEZONE first. Outlook reuses names such as "Customized Time Zone" for different rules, so a
 * VTIMEZONE never defines a TZID beyond its object.
 *
 * <ul>
 *   <li>A TZID with its VTIMEZONE: when the name is a zone Java knows (an IANA name, or a Windows
 *       or other alias in ical4j's table) and the embedded rules give the same offsets over the
 *       event's first year, Java's zone is used (the fast and usual case); otherwise, for rules
 *       without daylight saving, their fixed offset ({@code UTC+05:30}); otherwise the first IANA
 *       zone (by name) whose offsets match the embedded rules over that year; otherwise the offset
 *       at the start, which keeps the first occurrence right (later ones may move by an hour).
 *   <li>A TZID without a VTIMEZONE: a zone Java knows, or the object is refused in one line.
 * </ul>
 *
 * Nothing here registers a zone with ical4j: the objects are parsed without their VTIMEZONEs, and
 * the embedded rules are evaluated on their own, so a long run never exhausts ical4j's pool of
 * synthetic zone ids. What a VTIMEZONE text means is computed once per run ({@link Cache}).
 */
final class ObjectTimeZones {

  private static final Pattern BLOCK =
      Pattern.compile("(?s)BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n");
  private static final Pattern TZID_LINE = Pattern.compile("(?m)^TZID(?:;[^:\r\n]*)?:([^\r\n]*)");
  private static final Pattern PREFIXED =
      Pattern.compile("([A-Za-z_]+/[A-Za-z_\\-+0-9]+(?:/[A-Za-z_\\-]+)?)$");
  private static final int PROBE_MONTHS = 13;

  private final Map<String, String> blocks;
  private final String withoutBlocks;
  private final Cache cache;

  private ObjectTimeZones(Map<String, String> blocks, String withoutBlocks, Cache cache) {
    this.blocks = blocks;
    this.withoutBlocks = withoutBlocks;
    this.cache = cache;
  }

  /** Reads the VTIMEZONEs of {@code text} (CRLF line ends). */
  static ObjectTimeZones of(String text, Cache cache) {
    if (!text.contains("BEGIN:VTIMEZONE")) {
      return new ObjectTimeZones(Map.of(), text, cache);
    }
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      Matcher id = TZID_LINE.matcher(block.group());
      if (id.find()) {
        blocks.putIfAbsent(unquote(id.group(1)), block.group());
      }
    }
    return new ObjectTimeZones(blocks, BLOCK.matcher(text).replaceAll(""), cache);
  }

  /** TZID → the VTIMEZONE block that defines it, as written. */
  Map<String, String> blocks() {
    return blocks;
  }

  /** Whether the object has its own VTIMEZONE for {@code tzid}. */
  boolean defines(String tzid) {
    return blocks.containsKey(unquote(tzid));
  }

  /** The object's text without its VTIMEZONEs, for ical4j to parse without building zones. */
  String withoutBlocks() {
    return withoutBlocks;
  }

  /**
   * The zone that gives {@code local}, a wall-clock time with parameter {@code tzid}, its meaning.
   *
   * @param property the property's name, for the message when the zone is unknown
   */
  ZoneId zone(String tzid, LocalDateTime local, String property) {
    String name = unquote(tzid);
    Optional<ZoneId> known = javaZone(name);
    String block = blocks.get(name);
    if (block == null) {
      return known.orElseThrow(() -> new InvalidEventException(
          property + " uses the time zone '" + name + "', which the object does not define"
              + " (no VTIMEZONE) and which is not a known zone"));
    }
    return cache.resolve(block, known, local);
  }

  /**
   * A zone Java knows under {@code tzid}: an IANA name; a Windows name, by CLDR's table
   * ({@code windows-zones.tsv}); another alias in ical4j's table (Outlook's display names such as
   * "(UTC+01:00) Amsterdam, Berlin, …"); or an IANA name behind a prefix
   * ({@code /mozilla.org/20050126_1/Europe/Berlin}).
   */
  static Optional<ZoneId> javaZone(String tzid) {
    String name = unquote(tzid);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<ZoneId> direct = zoneId(name);
    if (direct.isPresent()) {
      return direct;
    }
    String alias = WindowsZones.TABLE.get(name);
    if (alias == null) {
      alias = TimeZoneRegistry.ZONE_ALIASES.get(name);
    }
    if (alias == null && name.startsWith("/")) {
      Matcher tail = PREFIXED.matcher(name);
      alias = tail.find() ? tail.group(1) : null;
    }
    return alias == null ? Optional.empty() : zoneId(alias);
  }

  private static Optional<ZoneId> zoneId(String id) {
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** CLDR's Windows names, read when the first unknown name is met. */
  private static final class WindowsZones {
    static final Map<String, String> TABLE = load();

    private static Map<String, String> load() {
      Map<String, String> table = new HashMap<>();
      try (InputStream in = ObjectTimeZones.class.getResourceAsStream("windows-zones.tsv")) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          String[] parts = line.split("\t");
          if (!line.startsWith("#") && parts.length == 2) {
            table.put(parts[0].strip(), parts[1].strip());
          }
        }
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException("windows-zones.tsv is missing from the jar", e);
      }
      return Map.copyOf(table);
    }
  }

  static String unquote(String tzid) {
    String t = tzid.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  /** What each VTIMEZONE text means near a time; shared by a codec's parses, never by meaning. */
  static final class Cache {
    private final Map<String, ZoneId> resolved = new ConcurrentHashMap<>();
    private volatile TreeSet<String> ianaZones;

    ZoneId resolve(String block, Optional<ZoneId> known, LocalDateTime local) {
      String key = block + "|" + local.getYear() + "|" + local.getMonthValue();
      return resolved.computeIfAbsent(key, k -> compute(EmbeddedZone.parse(block), known, local));
    }

    private ZoneId compute(EmbeddedZone embedded, Optional<ZoneId> known, LocalDateTime local) {
      Instant start = local.toInstant(embedded.offsetOfLocal(local));
      List<Optional<ZoneOffset>> offsets = new ArrayList<>();
      for (int m = 0; m < PROBE_MONTHS; m++) {
        offsets.add(embedded.offsetAt(probe(start, m)));
      }
      if (offsets.stream().allMatch(Optional::isEmpty)) {
        // The event lies before the rules the object gives: they say nothing about it.
        ZoneOffset before = embedded.offsetBeforeFirstOnset();
        return known.orElseGet(() -> fixed(before));
      }
      if (known.isPresent() && agrees(known.get(), offsets, start)) {
        return known.get();
      }
      List<ZoneOffset> said = offsets.stream().flatMap(Optional::stream).toList();
      if (said.stream().allMatch(said.get(0)::equals)) {
        return fixed(said.get(0));
      }
      for (String id : ianaZones()) {
        ZoneId candidate = ZoneId.of(id);
        if (agrees(candidate, offsets, start)) {
          return candidate;
        }
      }
      return fixed(embedded.offsetOfLocal(local));
    }

    private static ZoneId fixed(ZoneOffset offset) {
      return offset.getTotalSeconds() == 0 ? ZoneOffset.UTC : ZoneId.ofOffset("UTC", offset);
    }

    private TreeSet<String> ianaZones() {
      if (ianaZones == null) {
        // Region names only, in a fixed order, so that the same rules always give the same zone.
        TreeSet<String> ids = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
          if (id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.*")) {
            ids.add(id);
          }
        }
        ianaZones = ids;
      }
      return ianaZones;
    }

    /** Whether {@code zone} gives every offset the embedded rules give (where they give one). */
    private static boolean agrees(ZoneId zone, List<Optional<ZoneOffset>> offsets, Instant start) {
      for (int m = 0; m < offsets.size(); m++) {
        Optional<ZoneOffset> said = offsets.get(m);
        if (said.isPresent() && !zone.getRules().getOffset(probe(start, m)).equals(said.get())) {
          return false;
        }
      }
      return true;
    }

    private static Instant probe(Instant start, int month) {
      // Mid-month steps of about a month see both halves of every daylight-saving year.
      return start.plus(Duration.ofDays(30L * month)).plus(month == 0 ? 0 : 15, ChronoUnit.HOURS);
    }
  }

  /** A registry that keeps nothing: parsing a VTIMEZONE must not build an ical4j zone. */
  enum NoRegistry implements TimeZoneRegistry {
    INSTANCE;

    @Override
    public void register(TimeZone timezone) {}

    @Override
    public void register(TimeZone timezone, boolean update) {}

    @Override
    public void clear() {}

    @Override
    public TimeZone getTimeZone(String id) {
      return null;
    }

    @Override
    public Map<String, ZoneRules> getZoneRules() {
      return Map.of();
    }

    @Override
    public ZoneId getZoneId(String tzId) {
      return null;
    }

    @Override
    public String getTzId(String zoneId) {
      return null;
    }
  }
}
