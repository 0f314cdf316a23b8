package org.eventsync.caldav;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.component.Daylight;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.Standard;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.TzId;
import net.fortuna.ical4j.model.property.TzOffsetFrom;
import net.fortuna.ical4j.model.property.TzOffsetTo;

/**
 * VTIMEZONEs that state only the rules a zone follows from the object's first time on, as Apple's
 * and Microsoft's clients write them: one STANDARD and one DAYLIGHT observance with a yearly RRULE
 * (or a single STANDARD for a zone without daylight saving), and, for an object that begins before
 * the zone's last irregular change, the changes since then as RDATEs. ical4j's own VTIMEZONE for
 * Europe/Berlin carries the zone's whole history, 2.4 KB of a 2.65 KB calendar object; the compact
 * one is a tenth of that, and the body size is what a bulk publish spends its time on. The rules
 * come from Java's time-zone data, the same data this adapter reads times with, in the forms the
 * adapter's own reader evaluates ({@link EmbeddedZone}): ical4j's histories use yearly rules by
 * day of the year, which it does not.
 *
 * <p>A rule an RRULE cannot say exactly is stated by its onsets up to 2100. {@link #of} declines
 * (empty) only for ical4j's own zones.
 */
final class CompactTimeZones {

  /** The last year a rule without an exact RRULE is stated for. */
  private static final int LAST_STATED_YEAR = 2100;

  private CompactTimeZones() {}

  /** A VTIMEZONE for {@code zone} valid for every time from {@code from} on. */
  static Optional<VTimeZone> of(ZoneId zone, Instant from) {
    return of(zone, zone.getId(), from);
  }

  /** The same, under the name {@code tzid} (a name the object uses for Java's {@code zone}). */
  static Optional<VTimeZone> of(ZoneId zone, String tzid, Instant from) {
    // ical4j registers zones built from parsed VTIMEZONEs as "ical4j~…"/"ical4j-local-…", with
    // partial rules.
    ZoneRules rules = zone.getId().startsWith("ical4j") ? null : zone.getRules();
    if (rules == null) {
      return Optional.empty();
    }
    List<ZoneOffsetTransition> fixed = rules.getTransitions();
    Optional<ZoneOffsetTransition> lastFixed =
        fixed.isEmpty() ? Optional.empty() : Optional.of(fixed.get(fixed.size() - 1));
    List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
    List<Observance> observances = new ArrayList<>();
    Instant firstRuled = Instant.MAX;
    if (!yearly.isEmpty()) {
      // Rules hold from the year after the last irregular change; before their first transition
      // the offset is the last change's, which the history below then states.
      int year = lastFixed.map(t -> t.getDateTimeAfter().getYear() + 1).orElse(1970);
      for (ZoneOffsetTransitionRule rule : yearly) {
        Optional<String> rrule = rrule(rule, year);
        ZoneOffsetTransition first = rule.createTransition(year);
        if (first.getInstant().isBefore(firstRuled)) {
          firstRuled = first.getInstant();
        }
        Observance kind =
            rule.getOffsetAfter().equals(rule.getStandardOffset()) ? new Standard() : new Daylight();
        Observance o = observance(kind, first.getDateTimeBefore(), rule.getOffsetBefore(),
            rule.getOffsetAfter(), rrule);
        if (rrule.isEmpty()) {
          // A rule no RRULE says exactly (Africa/Cairo: the last Friday of April reckoned at
          // midnight) is stated year by year, as far as calendars plan.
          List<LocalDateTime> onsets = new ArrayList<>();
          for (int y = year + 1; y <= LAST_STATED_YEAR; y++) {
            onsets.add(rule.createTransition(y).getDateTimeBefore());
          }
          o.add(new RDate<>(new DateList<>(onsets)));
        }
        observances.add(o);
      }
    }
    List<ZoneOffsetTransition> history = new ArrayList<>();
    for (ZoneOffsetTransition t : fixed) {
      if (!t.getInstant().isBefore(from)) {
        history.add(t);
      }
    }
    if (history.isEmpty() && lastFixed.isPresent() && (from.isBefore(firstRuled) || yearly.isEmpty())) {
      history.add(lastFixed.get()); // the change whose offset holds at the object's first time
    }
    if (history.isEmpty() && yearly.isEmpty()) {
      ZoneOffset offset = rules.getOffset(from);
      observances.add(observance(new Standard(), LocalDateTime.of(1970, 1, 1, 0, 0), offset, offset,
          Optional.empty()));
    }
    observances.addAll(0, changes(rules, history));
    VTimeZone timeZone = new VTimeZone(new ComponentList<>(observances));
    timeZone.add(new TzId(tzid));
    return Optional.of(timeZone);
  }

  /**
   * Irregular changes as observances, one per offset pair and kind: the first change is its
   * DTSTART, the others its RDATEs (local times before the change, RFC 5545 3.6.5).
   */
  private static List<Observance> changes(ZoneRules rules, List<ZoneOffsetTransition> history) {
    record Kind(boolean daylight, ZoneOffset before, ZoneOffset after) {}
    Map<Kind, List<ZoneOffsetTransition>> byKind = new LinkedHashMap<>();
    for (ZoneOffsetTransition t : history) {
      byKind.computeIfAbsent(
          new Kind(rules.isDaylightSavings(t.getInstant()), t.getOffsetBefore(), t.getOffsetAfter()),
          k -> new ArrayList<>()).add(t);
    }
    List<Observance> observances = new ArrayList<>();
    byKind.forEach((kind, same) -> {
      Observance o = observance(kind.daylight() ? new Daylight() : new Standard(),
          same.get(0).getDateTimeBefore(), kind.before(), kind.after(), Optional.empty());
      if (same.size() > 1) {
        o.add(new RDate<>(new DateList<>(same.subList(1, same.size()).stream()
            .map(ZoneOffsetTransition::getDateTimeBefore).toList())));
      }
      observances.add(o);
    });
    return observances;
  }

  private static Observance observance(
      Observance kind, LocalDateTime start, ZoneOffset from, ZoneOffset to,
      Optional<String> rrule) {
    kind.add(new DtStart<>(start));
    kind.add(new TzOffsetFrom(from));
    kind.add(new TzOffsetTo(to));
    rrule.ifPresent(r -> kind.add(new RRule<>(r)));
    return kind;
  }

  /**
   * The RRULE that gives the local date of {@code rule}'s transition every year, if one can say
   * it exactly. A rule's day is reckoned in UTC or standard time ("Sunday on or after 2 April at
   * 03:00 UTC" is Saturday evening in Chile), so the weekday and day are moved to the local date.
   */
  static Optional<String> rrule(ZoneOffsetTransitionRule rule, int year) {
    int indicator = rule.getDayOfMonthIndicator();
    Month month = rule.getMonth();
    DayOfWeek weekday = rule.getDayOfWeek();
    LocalDate nominal =
        indicator > 0
            ? LocalDate.of(year, month, indicator)
            : YearMonth.of(year, month).atEndOfMonth().plusDays(indicator + 1L);
    if (weekday != null) {
      nominal =
          nominal.with(indicator > 0 ? TemporalAdjusters.nextOrSame(weekday)
              : TemporalAdjusters.previousOrSame(weekday));
    }
    int shift =
        (int) ChronoUnit.DAYS.between(nominal, rule.createTransition(year).getDateTimeBefore().toLocalDate());
    if (Math.abs(shift) > 1) {
      return Optional.empty();
    }
    int shifted = indicator + shift;
    if (indicator > 0 ? shifted < 1 : shifted > -1) {
      return Optional.empty(); // the transition moved into the neighbouring month
    }
    return rrule(month, shifted, weekday == null ? null : weekday.plus(shift));
  }

  private static Optional<String> rrule(Month month, int indicator, DayOfWeek weekday) {
    String prefix = "FREQ=YEARLY;BYMONTH=" + month.getValue() + ";";
    if (weekday == null) {
      return Optional.of(prefix + "BYMONTHDAY=" + indicator);
    }
    String day = weekday.name().substring(0, 2);
    if (indicator > 0) {
      // "weekday on or after the indicator day"
      if ((indicator - 1) % 7 == 0 && indicator <= 22) {
        return Optional.of(prefix + "BYDAY=" + ((indicator - 1) / 7 + 1) + day);
      }
      if (month != Month.FEBRUARY && indicator + 6 == month.maxLength()) {
        return Optional.of(prefix + "BYDAY=-1" + day);
      }
      if (indicator + 6 <= month.minLength()) {
        StringBuilder days = new StringBuilder();
        for (int d = indicator; d <= indicator + 6; d++) {
          days.append(d == indicator ? "" : ",").append(d);
        }
        return Optional.of(prefix + "BYMONTHDAY=" + days + ";BYDAY=" + day);
      }
      return Optional.empty();
    }
    // "weekday on or before the indicator day counted from the month's end" (-1 = last day)
    if ((-indicator - 1) % 7 == 0) {
      return Optional.of(prefix + "BYDAY=-" + ((-indicator - 1) / 7 + 1) + day);
    }
    return Optional.empty();
  }
}
