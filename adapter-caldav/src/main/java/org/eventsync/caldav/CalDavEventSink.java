package org.eventsync.caldav;

import static org.eventsync.caldav.CalendarPaths.key;
import static org.eventsync.caldav.CalendarPaths.rawPath;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.core.port.UidUnavailableException;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published side: one calendar collection on a CalDAV server (RFC 4791), such as Nextcloud's.
 *
 * <p>Reading is incremental ({@link CalendarReader}) into a mirror kept between runs ({@link
 * CalendarMirror}), whose objects are parsed once per version ({@link CalendarEntries}).
 *
 * <p>Writing is conditional: creates use {@code If-None-Match: *}, updates and deletes {@code
 * If-Match}, so a write never replaces a version it has not seen. An update changes only the
 * properties this tool maps; alarms, attendees, unknown properties and overridden instances of
 * recurring events survive.
 */
public final class CalDavEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(CalDavEventSink.class);
  /**
   * What the cache's parsed values depend on besides the settings: a release that reads
   * calendar objects differently changes it, and the cache is read afresh.
   */
  private static final String CACHED_VALUES = "values 1";

  private final CalDavClient client;
  private final CalDavSettings settings;
  private final ICalendarCodec codec;
  private final CalendarMirror mirror;
  private final CalendarReader reader;
  private final CalendarEntries entries;
  private URI calendar;
  private CalendarReader.CollectionState remote =
      new CalendarReader.CollectionState(Optional.empty(), Optional.empty());

  /** A sink that reads the whole calendar on the first run of each process. */
  public CalDavEventSink(HttpTransport http, CalDavSettings settings) {
    this(http, settings, Optional.empty());
  }

  /**
   * A sink that keeps what it read in {@code cacheFile}, so that later runs (and processes) only
   * fetch what changed.
   */
  public CalDavEventSink(HttpTransport http, CalDavSettings settings, Optional<Path> cacheFile) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = new CalDavClient(Objects.requireNonNull(http, "http"), settings);
    this.codec = new ICalendarCodec(settings.floatingZone());
    this.mirror =
        CalendarMirror.load(
            cacheFile,
            settings.calendarHome() + "|" + settings.username() + "|" + settings.calendarName()
                + "|" + settings.floatingZone().getId() + "|" + CACHED_VALUES);
    this.reader = new CalendarReader(client, mirror);
    this.entries = new CalendarEntries(codec);
  }

  /** The calendar's address, once {@link #prepare} found or created it. */
  Optional<URI> calendarUrl() {
    return Optional.ofNullable(calendar);
  }

  /**
   * The calendar named in the settings: its name, its owner, and the host and path of its home
   * (not the scheme or port: a proxy or a move to https is the same calendar).
   */
  @Override
  public Optional<String> identity() {
    URI home = settings.calendarHome();
    return Optional.of("the calendar '" + settings.calendarName() + "' of " + settings.username()
        + " at " + home.getHost() + (home.getRawPath() == null ? "" : home.getRawPath()));
  }

  @Override
  public CalendarState prepare(boolean mayCreate) {
    Optional<URI> remembered = mirror.calendarUrl().map(URI::create);
    if (remembered.isPresent() && readState(remembered.get())) {
      calendar = remembered.get();
      return CalendarState.EXISTS;
    }
    Discovery discovery = new Discovery(client);
    Discovery.Found found = discovery.locate(settings.calendarHome());
    Optional<URI> existing =
        found.calendar().or(() -> discovery.findCalendar(found.home(), settings.calendarName()));
    if (existing.isPresent()) {
      calendar = existing.get();
      if (!remembered.equals(existing)) {
        mirror.reset(calendar.toString());
      }
      readState(calendar);
      return CalendarState.EXISTS;
    }
    if (!mayCreate) {
      return CalendarState.MISSING;
    }
    calendar = found.home().resolve(CalendarPaths.segment(settings.calendarName()) + "/");
    create(calendar);
    mirror.reset(calendar.toString());
    return CalendarState.CREATED;
  }

  /** The sync-token (else CTag) that {@link #prepare} read, and the zone of floating times. */
  @Override
  public Optional<String> version() {
    return remote.syncToken().or(remote::ctag)
        .map(v -> calendar() + " " + v + " " + settings.floatingZone().getId());
  }

  @Override
  public Listing<CalendarEntry> list() {
    reader.refresh(calendar(), remote);
    Listing<CalendarEntry> listing = entries.of(mirror);
    mirror.save(); // what was parsed now need not be parsed again
    return listing;
  }

  /**
   * Reads this run's own writes into the cache and keeps it, so that the next run costs one
   * request when nothing changed. Their bodies are known, so it costs one request (a
   * sync-collection, or an ETag listing that brings the CTag), or the version and a listing
   * while the cache does not know yet which of the two the server offers.
   */
  @Override
  public void flush() {
    if (calendar == null) {
      return;
    }
    if (reader.catchUp(calendar)) {
      mirror.save();
    } else if (readState(calendar)) {
      list();
    }
  }

  @Override
  public CalendarEntry create(Event event) {
    URI target = calendar().resolve(CalendarPaths.objectName(event.uid()));
    String text = codec.format(event);
    HttpResponse response = client.put(target, text, "If-None-Match", "*");
    if (written(response)) {
      // A text the codec formatted from an event reads back as that event (HostileTextTest's
      // property): the cache keeps the event itself, and nothing is parsed again.
      return written(target.getRawPath(), etag(response), text, event, Optional.of(event));
    }
    PutRefusal refusal = PutRefusal.of(response, calendar());
    switch (refusal.kind()) {
      case UID_IN_TRASH_BIN:
        throw new UidUnavailableException(
            "the calendar keeps uid " + event.uid() + " for a deleted object in its trash bin ("
                + response.status() + ")");
      case UID_TAKEN_ELSEWHERE:
        throw new UidUnavailableException(
            "another calendar of this account holds uid " + event.uid() + " ("
                + refusal.holder().orElse("") + "), and the server keeps uids unique per account");
      case UID_TAKEN_HERE:
        return linkToHolder(event, response);
      default:
        if (response.status() == 412) {
          return linkToHolder(event, response); // the name exists already: the uid lives there
        }
        throw refusal.failure(response);
    }
  }

  /** The uid lives somewhere we did not list (or could not read): link to it, never loop. */
  private CalendarEntry linkToHolder(Event event, HttpResponse response) {
    Optional<CalendarEntry> existing = findByUid(event.uid());
    if (existing.isPresent()) {
      LOG.info("Linked {} to the calendar object {} that already holds its uid", event,
          existing.get().href());
      return update(existing.get(), event);
    }
    throw new ConflictException(
        "the calendar refuses uid " + event.uid() + " (" + response.status() + ": "
            + response.excerpt() + "); an object with it exists but cannot be read (on"
            + " Nextcloud it may be in the trash bin)");
  }

  @Override
  public CalendarEntry update(CalendarEntry current, Event event) {
    URI target = calendar().resolve(current.href());
    String text =
        mirror.item(key(current.href())).flatMap(mirror::text).map(t -> codec.merge(t, event))
            .orElseGet(() -> codec.format(event));
    HttpResponse response = client.put(target, text, "If-Match", current.etag().orElse("*"));
    if (response.status() == 412) {
      throw new ConflictException(
          "changed in the calendar since it was read; not overwritten, the next run re-plans it");
    }
    if (!written(response)) {
      throw PutRefusal.of(response, calendar()).failure(response);
    }
    // Merged into the object's text, whose other parts this client did not write: read later.
    return written(current.href(), etag(response), text, event, Optional.empty());
  }

  /**
   * Remembers what was written, so that the next listing need not fetch it again. Without an ETag
   * (the server rewrote the body) the object is forgotten and fetched next time.
   */
  private CalendarEntry written(
      String href, Optional<String> etag, String text, Event event, Optional<Event> readAs) {
    if (etag.isPresent()) {
      mirror.put(key(href), href, etag.get(), text, readAs);
    } else {
      mirror.remove(key(href));
    }
    return new CalendarEntry(href, etag, event);
  }

  @Override
  public void delete(CalendarEntry current) {
    URI target = calendar().resolve(current.href());
    HttpResponse response = client.delete(target, current.etag().orElse("*"));
    if (response.status() == 412) {
      throw new ConflictException(
          "changed in the calendar since it was read; not deleted, the next run re-plans it");
    }
    if (!response.ok() && response.status() != 404 && response.status() != 410) {
      throw PutRefusal.of(response, calendar()).failure(response);
    }
    mirror.remove(key(current.href())); // 404 or 410: already gone, the goal is reached
  }

  /** Reads the collection's version; false when {@code url} is not a calendar. */
  private boolean readState(URI url) {
    Optional<CalendarReader.CollectionState> state = reader.state(url);
    state.ifPresent(s -> remote = s);
    return state.isPresent();
  }

  private void create(URI url) {
    HttpResponse response = client.mkcalendar(url, DavBodies.mkcalendar(settings.calendarName()));
    if (response.status() == 403) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "could not create the calendar '" + settings.calendarName() + "' at "
              + HttpTransport.describe(url) + ": the server refused (403 " + response.excerpt()
              + "); Nextcloud allows each user 30 calendars in all by default: delete calendars"
              + " no longer used, or create this one in the Calendar app");
    }
    if (response.status() != 201) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "could not create the calendar '" + settings.calendarName() + "' at "
              + HttpTransport.describe(url) + " (" + response.status() + " " + response.excerpt()
              + ")");
    }
    LOG.info("Created the calendar '{}' at {}", settings.calendarName(), HttpTransport.describe(url));
  }

  private Optional<CalendarEntry> findByUid(String uid) {
    HttpResponse response = client.report(calendar(), 1, DavBodies.eventWithUid(uid));
    if (response.status() != 207) {
      return Optional.empty();
    }
    for (DavXml.Response r : DavXml.multistatus(response.body())) {
      Optional<String> data = r.text(DavXml.CALDAV, "calendar-data");
      if (data.isEmpty()) {
        continue;
      }
      String href = rawPath(r.href());
      String etag = r.text(DavXml.DAV, "getetag").orElse("");
      mirror.put(key(href), href, etag, data.get(), Optional.empty());
      try {
        Event event = codec.parse(data.get());
        if (event.uid().equals(uid)) {
          return Optional.of(
              new CalendarEntry(href, etag.isEmpty() ? Optional.empty() : Optional.of(etag), event));
        }
      } catch (InvalidEventException e) {
        throw new ConflictException(
            "the calendar object " + href + " holds uid " + uid + " but cannot be read: "
                + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** A PUT succeeded; a 207 is a failure wrapped in a multistatus (Xandikos does that). */
  private static boolean written(HttpResponse response) {
    return response.status() == 200 || response.status() == 201 || response.status() == 204;
  }

  private URI calendar() {
    if (calendar == null) {
      throw new IllegalStateException("prepare() must find the calendar first");
    }
    return calendar;
  }

  private static Optional<String> etag(HttpResponse response) {
    return response.header("etag").filter(e -> !e.isBlank());
  }
}
