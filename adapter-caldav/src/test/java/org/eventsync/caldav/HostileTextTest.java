package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text from either side never becomes iCalendar structure, and what is written reads back as the
 * same event: for every line-break character in every mapped field, and for arbitrary Unicode.
 */
class HostileTextTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final EventTime START = EventTime.of(ZonedDateTime.of(2026, 3, 1, 10, 0, 0, 0, BERLIN));
  /** The properties a formatted object may hold, and nothing else. */
  private static final List<String> WRITTEN =
      List.of("BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "UID", "DTSTAMP", "DTSTART", "DTEND",
          "SUMMARY", "DESCRIPTION", "LOCATION", "ORGANIZER", "X-ORGANIZER", "X-COST", "CATEGORIES",
          "URL", "X-URL", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE");

  private final ICalendarCodec codec = new ICalendarCodec(BERLIN);

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c",
      "\u001c", "\u001e", "\u0000", "\u001b"})
  void noLineBreakOrControlInAnyFieldStartsAPropertyOrParameter(String breaker) {
    String attack = "Hi" + breaker + "ATTENDEE;CN=x:mailto:someone@example.org" + breaker
        + "END:VEVENT" + breaker + "BEGIN:VALARM";
    Event event = Event.builder("u-1", attack, START)
        .description(attack).location(attack).cost(attack).category(attack)
        .organizer("Eve" + breaker + "ATTENDEE:mailto:x@example.org <eve@example.org>")
        .website("https://example.org/" + breaker + "ATTENDEE:mailto:x@example.org")
        .build();

    String text = codec.format(event);

    assertThat(propertyNames(text)).allMatch(WRITTEN::contains);
    assertThat(text).doesNotContain("\r\nATTENDEE", "\nATTENDEE", "\u0085", "\u2028", "\u2029");
    assertThat(text.chars().filter(c -> c < 0x20 && c != '\r' && c != '\n' && c != '\t')).isEmpty();
    assertThat(codec.parse(text)).isEqualTo(event);
  }

  @Property(tries = 1000)
  void anyTextInAnyFieldIsWrittenAsTextAndReadBackTheSame(
      @ForAll("text") String title, @ForAll("text") String description,
      @ForAll("text") String location, @ForAll("text") String other) {
    Event event;
    try {
      event = Event.builder("u-2", "T" + title, START)
          .description(description).location(location).organizer(other).cost(other)
          .category(other).website(other).build();
    } catch (InvalidEventException e) {
      return; // a title that is blank once cleaned: refused, nothing to write
    }

    String text = codec.format(event);
    Event read = codec.parse(text);

    assertThat(propertyNames(text)).allMatch(WRITTEN::contains);
    List<String> names = eventPropertyNames(text);
    List<String> expected = expectedNames(event);
    assertThat(names).hasSameSizeAs(expected);
    assertThat(expected).allMatch(alternatives -> names.stream().anyMatch(n -> n.matches(alternatives)));
    assertThat(read).isEqualTo(event);
    assertThat(withoutStamp(codec.format(read))).isEqualTo(withoutStamp(text));
    assertThat(withoutStamp(codec.merge(text, read))).isEqualTo(withoutStamp(text));
  }

  @Provide
  Arbitrary<String> text() {
    Arbitrary<Character> hostile = Arbitraries.of('\r', '\n', '\u0085', '\u2028', '\u2029', '\u0000',
        '\u001b', '\t', '\\', ';', ',', ':', '"', '^', '\u007f', '\u009b', '\ud800', '\udfff', ' ');
    return Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(40),
            Arbitraries.strings().withChars("abc ").withCharRange('\u00e0', '\u00ff').ofMaxLength(20),
            Arbitraries.strings().ofMaxLength(30).map(s -> s + "\uD83C\uDF89"),
            hostile.list().ofMaxSize(12).map(cs -> {
              StringBuilder b = new StringBuilder("x");
              cs.forEach(b::append);
              return b.append("ATTENDEE:mailto:a@b.org").toString();
            }))
        .injectNull(0.05);
  }

  private static List<String> propertyNames(String text) {
    List<String> names = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      if (!line.startsWith(" ") && !line.isEmpty()) {
        names.add(line.split("[;:]", 2)[0]);
      }
    }
    return names;
  }

  /** The names in the VEVENT, without BEGIN and END. */
  private static List<String> eventPropertyNames(String text) {
    String vevent = text.substring(text.indexOf("BEGIN:VEVENT\r\n") + 14, text.indexOf("END:VEVENT"));
    return propertyNames(vevent);
  }

  private static List<String> expectedNames(Event e) {
    List<String> names = new ArrayList<>(List.of("UID", "DTSTAMP", "DTSTART", "SUMMARY"));
    e.description().ifPresent(x -> names.add("DESCRIPTION"));
    e.location().ifPresent(x -> names.add("LOCATION"));
    e.organizer().ifPresent(x -> names.add(x.contains("@") ? "ORGANIZER|X-ORGANIZER" : "X-ORGANIZER"));
    e.cost().ifPresent(x -> names.add("X-COST"));
    e.category().ifPresent(x -> names.add("CATEGORIES"));
    e.website().ifPresent(x -> names.add("URL|X-URL"));
    return names;
  }

  private static String withoutStamp(String text) {
    return text.replaceAll("DTSTAMP:\\d{8}T\\d{6}Z\r\n", "");
  }

}
