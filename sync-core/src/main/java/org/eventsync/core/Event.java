package org.eventsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What an event says, as both sides understand it. Its identity is the iCalendar {@code uid}; the
 * rest is content. An {@code Event} that exists is valid: the constructor refuses a blank uid or
 * title, a missing start, an end before the start, or a recurrence that is not RRULE, RDATE and
 * EXDATE lines. Its text is clean ({@link EventText}): line breaks only where a field may span
 * lines, no control characters; the recurrence is in one canonical form ({@link Recurrence}).
 *
 * @param uid the iCalendar UID shared by the Directus item and the calendar object
 * @param title the summary, never blank
 * @param start when it begins
 * @param end when it ends (exclusive for whole days, as in iCalendar), if known
 * @param description free text that may span lines, if any
 * @param location where, text that may span lines, if any
 * @param organizer who organises it, one line ("Name &lt;address&gt;" or a name), if any
 * @param cost what it costs, one line, if any
 * @param category categories separated by commas, one line, if any
 * @param website a web address, one line, if any
 * @param recurrence iCalendar recurrence lines (RRULE, RDATE, EXDATE), if any
 */
public record Event(
    String uid,
    String title,
    EventTime start,
    Optional<EventTime> end,
    Optional<String> description,
    Optional<String> location,
    Optional<String> organizer,
    Optional<String> cost,
    Optional<String> category,
    Optional<String> website,
    Optional<String> recurrence) {

  public Event {
    uid = required(uid, "uid");
    title = required(title, "title");
    if (start == null) {
      throw new InvalidEventException("missing start");
    }
    end = present(end);
    if (end.isPresent()) {
      if (end.get().isAllDay() != start.isAllDay()) {
        throw new InvalidEventException("start and end must both be whole days or both be times");
      }
      if (end.get().compareTo(start) < 0) {
        throw new InvalidEventException("end " + end.get() + " is before start " + start);
      }
    }
    description = text(description, EventText::multiLine);
    location = text(location, EventText::multiLine);
    organizer = text(organizer, EventText::singleLine);
    cost = text(cost, EventText::singleLine);
    category = text(category, EventText::list);
    website = text(website, EventText::singleLine);
    recurrence = text(recurrence, EventText::multiLine).map(Recurrence::canonical);
  }

  /** A builder for the common case of a few fields; everything optional starts empty. */
  public static Builder builder(String uid, String title, EventTime start) {
    return new Builder(uid, title, start);
  }

  /** A copy of this event under another identity. */
  public Event withUid(String newUid) {
    return new Event(
        newUid, title, start, end, description, location, organizer, cost, category, website,
        recurrence);
  }

  /**
   * A fingerprint of the content (not the uid), stable across runs and machines: equal content
   * gives equal hashes even when a server re-serialises the iCalendar text.
   */
  public String contentHash() {
    StringBuilder canonical = new StringBuilder();
    for (Object field :
        new Object[] {
          title, canonical(start), end.map(Event::canonical), description, location, organizer,
          cost, category, website, recurrence
        }) {
      canonical.append(field).append('\u0000');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The key that recognises the same event entered twice under different UIDs: the title folded to
   * lower case with runs of white space collapsed, and the start instant.
   */
  public String dedupeKey() {
    String folded = title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return folded + "|" + start.instant(ZoneOffset.UTC);
  }

  private static String canonical(EventTime time) {
    // The instant and the zone's rules are the meaning; the zone's name is not ("Etc/UTC" and
    // "Z", or "US/Eastern" and "America/New_York", are the same zone).
    if (time instanceof EventTime.At at) {
      return "T" + at.time().toInstant() + "@" + ZoneRulesKey.of(at.time().getZone());
    }
    return "D" + ((EventTime.AllDay) time).date();
  }

  private static String required(String value, String name) {
    String text = value == null ? "" : EventText.singleLine(value);
    if (text.isEmpty()) {
      throw new InvalidEventException("missing " + name);
    }
    return text;
  }

  private static <T> Optional<T> present(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }

  /** Blank text means absent, so "" on one side and no value on the other compare equal. */
  private static Optional<String> text(
      Optional<String> value, UnaryOperator<String> clean) {
    return present(value).map(clean).filter(s -> !s.isEmpty());
  }

  /** Builds an {@link Event}; validation happens in {@link #build()}. */
  public static final class Builder {
    private final String uid;
    private final String title;
    private final EventTime start;
    private Optional<EventTime> end = Optional.empty();
    private Optional<String> description = Optional.empty();
    private Optional<String> location = Optional.empty();
    private Optional<String> organizer = Optional.empty();
    private Optional<String> cost = Optional.empty();
    private Optional<String> category = Optional.empty();
    private Optional<String> website = Optional.empty();
    private Optional<String> recurrence = Optional.empty();

    private Builder(String uid, String title, EventTime start) {
      this.uid = uid;
      this.title = title;
      this.start = start;
    }

    public Builder end(EventTime value) {
      end = Optional.ofNullable(value);
      return this;
    }

    public Builder description(String value) {
      description = Optional.ofNullable(value);
      return this;
    }

    public Builder location(String value) {
      location = Optional.ofNullable(value);
      return this;
    }

    public Builder organizer(String value) {
      organizer = Optional.ofNullable(value);
      return this;
    }

    public Builder cost(String value) {
      cost = Optional.ofNullable(value);
      return this;
    }

    public Builder category(String value) {
      category = Optional.ofNullable(value);
      return this;
    }

    public Builder website(String value) {
      website = Optional.ofNullable(value);
      return this;
    }

    public Builder recurrence(String value) {
      recurrence = Optional.ofNullable(value);
      return this;
    }

    public Event build() {
      return new Event(
          uid, title, start, end, description, location, organizer, cost, category, website,
          recurrence);
    }
  }

  @Override
  public String toString() {
    return "\"" + title + "\" " + start + " (" + uid + ")";
  }
}
