package org.eventsync.caldav;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.InvalidEventException;

/**
 * The rules of one VTIMEZONE (RFC 5545 3.6.5), evaluated here: which offset applies at an instant.
 * Each STANDARD or DAYLIGHT observance begins at its DTSTART, recurs by its RRULE or RDATEs, and
 * sets TZOFFSETTO. The rules clients write are yearly (BYMONTH with BYDAY like {@code 2SU} or
 * {@code -1SU}, or a weekday within BYMONTHDAY days); ical4j 4.4.0 mis-evaluates some of them
 * (Google's America/Chicago gives -05:00 in November), and building its zones costs a synthetic
 * zone id from a bounded pool, so this small evaluator is ours. A rule it cannot evaluate makes
 * the VTIMEZONE unreadable, in one line.
 */
final class EmbeddedZone {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);
  private static final Map<String, DayOfWeek> DAYS = Map.of("MO", DayOfWeek.MONDAY, "TU",
      DayOfWeek.TUESDAY, "WE", DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY, "FR", DayOfWeek.FRIDAY,
      "SA", DayOfWeek.SATURDAY, "SU", DayOfWeek.SUNDAY);

  /** One observance: from its onsets on, the offset is {@code to}. */
  private record Observance(ZoneOffset from, ZoneOffset to, LocalDateTime start, Optional<String> rule,
      List<LocalDateTime> rdates) {

    /** The latest onset at or before {@code at}, if any. */
    Optional<Instant> latestOnset(Instant at) {
      Instant best = null;
      for (LocalDateTime onset : candidates(at)) {
        Instant instant = onset.toInstant(from);
        if (!instant.isAfter(at) && (best == null || instant.isAfter(best))) {
          best = instant;
        }
      }
      return Optional.ofNullable(best);
    }

    private List<LocalDateTime> candidates(Instant at) {
      List<LocalDateTime> onsets = new ArrayList<>(rdates);
      onsets.add(start);
      if (rule.isPresent()) {
        int year = at.atOffset(ZoneOffset.UTC).getYear();
        for (int y = year - 1; y <= year; y++) {
          yearly(rule.get(), y).filter(o -> !o.isBefore(start)).ifPresent(onsets::add);
        }
      }
      return onsets;
    }

    private Optional<LocalDateTime> yearly(String rule, int year) {
      Map<String, String> parts = new HashMap<>();
      for (String part : rule.toUpperCase(Locale.ROOT).split(";")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2) {
          parts.put(kv[0].strip(), kv[1].strip());
        }
      }
      // Without BYMONTH a yearly rule recurs on DTSTART's month and day (RFC 5545 3.3.10), as
      // ical4j's own zone histories write it (Europe/Vilnius: FREQ=YEARLY;UNTIL=…).
      boolean byMonth = parts.containsKey("BYMONTH");
      if (!"YEARLY".equals(parts.get("FREQ"))
          || !byMonth && (parts.containsKey("BYDAY") || parts.containsKey("BYMONTHDAY"))
          || parts.containsKey("BYSETPOS") || parts.containsKey("BYYEARDAY") || parts.containsKey("BYWEEKNO")) {
        throw new InvalidEventException("a VTIMEZONE rule is not a yearly month rule: " + rule);
      }
      if (parts.containsKey("COUNT")) {
        int count = Integer.parseInt(parts.get("COUNT"));
        if (year >= start.getYear() + count) {
          return Optional.empty();
        }
      }
      LocalDate month = LocalDate.of(year,
          byMonth ? Integer.parseInt(parts.get("BYMONTH").split(",")[0]) : start.getMonthValue(), 1);
      Optional<LocalDateTime> onset = day(month, parts).map(d -> d.atTime(start.toLocalTime()));
      if (onset.isPresent() && parts.containsKey("UNTIL") && onset.get().toInstant(from).isAfter(until(parts.get("UNTIL")))) {
        return Optional.empty();
      }
      return onset;
    }

    /** UNTIL, in UTC when it says so, otherwise in the offset before this observance. */
    private Instant until(String value) {
      String v = value.strip();
      LocalDateTime end = v.length() == 8
          ? LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE).atTime(23, 59, 59)
          : LocalDateTime.parse(v.replace("Z", ""), LOCAL);
      return end.toInstant(v.endsWith("Z") ? ZoneOffset.UTC : from);
    }

    /** The day of {@code month} the rule names, if it has one this year. */
    private Optional<LocalDate> day(LocalDate month, Map<String, String> parts) {
      LocalDate day;
      String byDay = parts.get("BYDAY");
      String byMonthDay = parts.get("BYMONTHDAY");
      if (byDay == null) {
        int dom = byMonthDay == null ? start.getDayOfMonth() : Integer.parseInt(byMonthDay.split(",")[0]);
        if (dom < 1 || dom > month.lengthOfMonth()) {
          return Optional.empty(); // a day this month does not have (29 February) is skipped
        }
        day = month.withDayOfMonth(dom);
      } else {
        String weekday = byDay.replaceAll("[^A-Z]", "");
        String ordinal = byDay.replaceAll("[A-Z]", "");
        DayOfWeek dow = DAYS.get(weekday);
        if (dow == null || byDay.contains(",")) {
          throw new InvalidEventException("a VTIMEZONE rule has BYDAY=" + byDay);
        }
        if (byMonthDay != null) {
          day = null;
          for (String d : byMonthDay.split(",")) {
            int dom = Integer.parseInt(d.strip());
            if (dom > 0 && dom <= month.lengthOfMonth() && month.withDayOfMonth(dom).getDayOfWeek() == dow) {
              day = month.withDayOfMonth(dom);
              break;
            }
          }
          if (day == null) {
            return Optional.empty();
          }
        } else if (ordinal.isEmpty() || ordinal.equals("+1") || ordinal.equals("1")) {
          day = month.with(TemporalAdjusters.firstInMonth(dow));
        } else {
          int n = Integer.parseInt(ordinal);
          day = n < 0
              ? month.with(TemporalAdjusters.lastInMonth(dow)).minusWeeks(-n - 1L)
              : month.with(TemporalAdjusters.firstInMonth(dow)).plusWeeks(n - 1L);
          if (day.getMonthValue() != month.getMonthValue()) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(day);
    }
  }

  private final List<Observance> observances;

  private EmbeddedZone(List<Observance> observances) {
    this.observances = observances;
  }

  /** Reads a VTIMEZONE block (CRLF lines); throws {@link InvalidEventException} naming the fault. */
  static EmbeddedZone parse(String block) {
    ObjectText text = ObjectText.of("BEGIN:VCALENDAR\r\n" + block + "END:VCALENDAR\r\n");
    List<Observance> observances = new ArrayList<>();
    Map<String, String> current = null;
    List<LocalDateTime> rdates = new ArrayList<>();
    for (ObjectText.Line line : text.lines()) {
      String value = line.value().strip();
      if (line.name().equals("BEGIN") && (value.equalsIgnoreCase("STANDARD") || value.equalsIgnoreCase("DAYLIGHT"))) {
        current = new HashMap<>();
        rdates = new ArrayList<>();
      } else if (line.name().equals("END") && current != null
          && (value.equalsIgnoreCase("STANDARD") || value.equalsIgnoreCase("DAYLIGHT"))) {
        observances.add(observance(current, rdates));
        current = null;
      } else if (current != null && line.name().equals("RDATE")) {
        for (String d : value.split(",")) {
          rdates.add(local(d.split("/")[0], "RDATE"));
        }
      } else if (current != null) {
        current.putIfAbsent(line.name(), value);
      }
    }
    if (observances.isEmpty()) {
      throw new InvalidEventException("a VTIMEZONE has no STANDARD or DAYLIGHT rules");
    }
    return new EmbeddedZone(List.copyOf(observances));
  }

  private static Observance observance(Map<String, String> props, List<LocalDateTime> rdates) {
    ZoneOffset to = offset(props.get("TZOFFSETTO"), "TZOFFSETTO");
    ZoneOffset from = props.containsKey("TZOFFSETFROM") ? offset(props.get("TZOFFSETFROM"), "TZOFFSETFROM") : to;
    String start = props.get("DTSTART");
    if (start == null) {
      throw new InvalidEventException("a VTIMEZONE observance has no DTSTART");
    }
    return new Observance(from, to, local(start, "DTSTART"), Optional.ofNullable(props.get("RRULE")),
        List.copyOf(rdates));
  }

  private static LocalDateTime local(String value, String name) {
    String v = value.strip().replace("Z", "");
    try {
      return v.length() == 8 ? LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay()
          : LocalDateTime.parse(v, LOCAL);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("a VTIMEZONE has an invalid " + name + " '" + v + "'");
    }
  }

  private static ZoneOffset offset(String value, String name) {
    if (value == null) {
      throw new InvalidEventException("a VTIMEZONE observance has no " + name);
    }
    String v = value.strip();
    try {
      if (!v.matches("[+-]\\d{4}(\\d\\d)?")) {
        throw new DateTimeException(v);
      }
      return ZoneOffset.of(v.substring(0, 3) + ":" + v.substring(3, 5) + (v.length() > 5 ? ":" + v.substring(5) : ""));
    } catch (DateTimeException e) {
      throw new InvalidEventException("a VTIMEZONE has an invalid " + name + " '" + v + "'");
    }
  }

  /** The offset at {@code at}; empty before the zone's first onset, where it says nothing. */
  Optional<ZoneOffset> offsetAt(Instant at) {
    Instant best = null;
    ZoneOffset offset = null;
    for (Observance o : observances) {
      Optional<Instant> onset = o.latestOnset(at);
      if (onset.isPresent() && (best == null || onset.get().isAfter(best))) {
        best = onset.get();
        offset = o.to();
      }
    }
    return Optional.ofNullable(offset);
  }

  /** The offset before the first onset: the earliest observance's TZOFFSETFROM (RFC 5545). */
  ZoneOffset offsetBeforeFirstOnset() {
    Observance earliest = observances.get(0);
    for (Observance o : observances) {
      if (o.start().isBefore(earliest.start())) {
        earliest = o;
      }
    }
    return earliest.from();
  }

  /** The offset of a wall-clock time in this zone (the later offset in a gap or overlap). */
  ZoneOffset offsetOfLocal(LocalDateTime local) {
    ZoneOffset guess = offsetAt(local.toInstant(ZoneOffset.UTC)).orElse(offsetBeforeFirstOnset());
    ZoneOffset better = offsetAt(local.toInstant(guess)).orElse(offsetBeforeFirstOnset());
    return offsetAt(local.toInstant(better)).orElse(offsetBeforeFirstOnset());
  }
}
