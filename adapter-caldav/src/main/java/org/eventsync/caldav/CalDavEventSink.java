package org.eventsync.caldav;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
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
 * <p>Reading is incremental, as DAVx5 does it: the collection's sync-token (or CTag) says whether
 * anything changed; WebDAV sync-collection (RFC 6578), or an ETag listing where the server lacks
 * it or forgot the token, says what; calendar-multiget fetches only those bodies, in batches.
 *
 * <p>Writing is conditional: creates use {@code If-None-Match: *}, updates and deletes {@code
 * If-Match}, so a write never replaces a version it has not seen. An update changes only the
 * properties this tool maps; alarms, attendees, unknown properties and overridden instances of
 * recurring events survive.
 */
public final class CalDavEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(CalDavEventSink.class);
  private static final int MULTIGET_BATCH = 100;
  private static final String STATE_PROPS = "<d:resourcetype/><d:sync-token/><cs:getctag/>";

  private final CalDavClient client;
  private final CalDavSettings settings;
  private final ICalendarCodec codec;
  private final CalendarMirror mirror;
  private final Map<String, Parsed> parsed = new HashMap<>();
  private URI calendar;
  private Optional<String> remoteToken = Optional.empty();
  private Optional<String> remoteCtag = Optional.empty();

  private record Parsed(String etag, Optional<Event> event, String problem) {}

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
            settings.calendarHome() + "|" + settings.username() + "|" + settings.calendarName());
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
    calendar = found.home().resolve(segment(settings.calendarName()) + "/");
    create(calendar);
    mirror.reset(calendar.toString());
    return CalendarState.CREATED;
  }

  @Override
  public Listing<CalendarEntry> list() {
    URI url = calendar();
    boolean unchanged =
        (remoteToken.isPresent() && remoteToken.equals(mirror.syncToken()))
            || (remoteToken.isEmpty() && remoteCtag.isPresent() && remoteCtag.equals(mirror.ctag()));
    if (unchanged) {
      LOG.debug("Calendar unchanged since the last run ({} objects)", mirror.items().size());
    } else {
      boolean synced = !mirror.syncCollection().equals(Optional.of(false)) && syncCollection(url);
      if (!synced) {
        etagListing(url);
      }
      mirror.ctag(remoteCtag.orElse(null));
      mirror.save();
    }
    return entries();
  }

  /**
   * Reads this run's own writes into the cache (their bodies are known, so it costs one listing
   * of what changed) and keeps it: the next run then costs one request when nothing changed.
   */
  @Override
  public void flush() {
    if (calendar != null && readState(calendar)) {
      list();
    }
  }

  @Override
  public CalendarEntry create(Event event) {
    URI target = calendar().resolve(objectName(event.uid()));
    String text = codec.format(event);
    HttpResponse response = client.put(target, text, "If-None-Match", "*");
    if (written(response)) {
      return written(target.getRawPath(), etag(response), text, event);
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
        throw refused(response, refusal);
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
        mirror.item(key(current.href())).map(i -> codec.merge(i.ics, event))
            .orElseGet(() -> codec.format(event));
    HttpResponse response = client.put(target, text, "If-Match", current.etag().orElse("*"));
    if (response.status() == 412) {
      throw new ConflictException(
          "changed in the calendar since it was read; not overwritten, the next run re-plans it");
    }
    if (!written(response)) {
      throw refused(response, PutRefusal.of(response, calendar()));
    }
    return written(current.href(), etag(response), text, event);
  }

  /**
   * Remembers what was written, so that the next listing need not fetch it again. Without an ETag
   * (the server rewrote the body) the object is forgotten and fetched next time.
   */
  private CalendarEntry written(String href, Optional<String> etag, String text, Event event) {
    if (etag.isPresent()) {
      mirror.put(key(href), href, etag.get(), text);
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
      throw refused(response, PutRefusal.of(response, calendar()));
    }
    mirror.remove(key(current.href())); // 404 or 410: already gone, the goal is reached
  }

  /** Reads the collection's sync-token and CTag; false when the calendar is not there. */
  private boolean readState(URI url) {
    HttpResponse response = client.propfind(url, 0, STATE_PROPS);
    if (response.status() != 207) {
      return false;
    }
    List<DavXml.Response> parts = DavXml.multistatus(response.body());
    if (parts.isEmpty() || !Discovery.isCalendar(parts.get(0))) {
      return false;
    }
    remoteToken = parts.get(0).text(DavXml.DAV, "sync-token").filter(t -> !t.isEmpty());
    remoteCtag = parts.get(0).text(DavXml.CALSERVER, "getctag").filter(t -> !t.isEmpty());
    return true;
  }

  private void create(URI url) {
    String body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
            + "<d:set><d:prop><d:displayname>" + DavXml.escape(settings.calendarName())
            + "</d:displayname><c:supported-calendar-component-set><c:comp name=\"VEVENT\"/>"
            + "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>";
    HttpResponse response = client.mkcalendar(url, body);
    if (response.status() != 201) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "could not create the calendar '" + settings.calendarName() + "' at "
              + HttpTransport.describe(url) + " (" + response.status() + " " + response.excerpt()
              + ")");
    }
    LOG.info("Created the calendar '{}' at {}", settings.calendarName(), HttpTransport.describe(url));
  }

  /**
   * Brings the mirror up to date with sync-collection; false when the server does not offer it.
   * A forgotten or invalid token restarts from an empty token (a full listing); a truncated
   * answer (507 on the collection) is continued from the token it came with.
   */
  private boolean syncCollection(URI url) {
    String token = mirror.syncToken().orElse("");
    boolean full = token.isEmpty();
    Set<String> seen = new HashSet<>();
    Map<String, String> changed = new HashMap<>();
    for (int round = 0; round < 1000; round++) {
      String body =
          "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>" + DavXml.escape(token)
              + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
              + "</d:sync-collection>";
      HttpResponse response = client.report(url, 0, body);
      if (response.status() != 207) {
        if (!full && invalidToken(response)) {
          LOG.info("The server no longer knows our sync token ({}); reading the calendar in full",
              response.status());
          token = "";
          full = true;
          seen.clear();
          changed.clear();
          continue;
        }
        LOG.debug("No sync-collection here ({}); using ETag listings", response.status());
        mirror.syncCollection(false);
        return false;
      }
      boolean truncated = false;
      String collectionPath = url.getPath();
      for (DavXml.Response r : DavXml.multistatus(response.body())) {
        String key = key(r.href());
        if (key.equals(collectionPath) || key.endsWith("/")) {
          truncated |= r.status().map(s -> s.contains(" 507")).orElse(false);
          continue;
        }
        if (r.status().map(s -> s.contains(" 404")).orElse(false)) {
          mirror.remove(key);
          changed.remove(key);
          continue;
        }
        seen.add(key);
        String etag = r.text(DavXml.DAV, "getetag").orElse("");
        boolean known =
            !etag.isEmpty() && mirror.item(key).map(i -> etag.equals(i.etag)).orElse(false);
        if (!known) {
          changed.put(key, rawPath(r.href()));
        }
      }
      token = DavXml.syncToken(response.body()).orElse(token);
      if (!truncated) {
        break;
      }
    }
    if (full) {
      mirror.items().keySet().removeIf(k -> !seen.contains(k));
    }
    fetch(url, changed);
    mirror.syncToken(token);
    mirror.syncCollection(true);
    LOG.debug("sync-collection: {} changed, calendar holds {}", changed.size(), mirror.items().size());
    return true;
  }

  /** The fallback: list every object's ETag, fetch those that differ, drop those that vanished. */
  private void etagListing(URI url) {
    HttpResponse response = client.propfind(url, 1, "<d:getetag/><d:resourcetype/>");
    if (response.status() != 207) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "cannot list the calendar " + HttpTransport.describe(url) + " (" + response.status()
              + ")");
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> changed = new HashMap<>();
    for (DavXml.Response r : DavXml.multistatus(response.body())) {
      String key = key(r.href());
      if (key.endsWith("/") || r.prop(DavXml.DAV, "resourcetype")
          .map(t -> t.getElementsByTagNameNS("*", "*").getLength() > 0).orElse(false)) {
        continue; // the collection itself, or a sub-collection
      }
      seen.add(key);
      String etag = r.text(DavXml.DAV, "getetag").orElse("");
      if (etag.isEmpty() || !mirror.item(key).map(i -> etag.equals(i.etag)).orElse(false)) {
        changed.put(key, rawPath(r.href()));
      }
    }
    mirror.items().keySet().removeIf(k -> !seen.contains(k));
    fetch(url, changed);
    mirror.syncToken(null);
    LOG.debug("ETag listing: {} changed, calendar holds {}", changed.size(), mirror.items().size());
  }

  /** Fetches the bodies of {@code changed} (key → href) with calendar-multiget, in batches. */
  private void fetch(URI url, Map<String, String> changed) {
    List<String> hrefs = new ArrayList<>(changed.values());
    for (int from = 0; from < hrefs.size(); from += MULTIGET_BATCH) {
      List<String> batch = hrefs.subList(from, Math.min(hrefs.size(), from + MULTIGET_BATCH));
      StringBuilder body =
          new StringBuilder(
              "<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                  + "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
      batch.forEach(h -> body.append("<d:href>").append(DavXml.escape(h)).append("</d:href>"));
      body.append("</c:calendar-multiget>");
      HttpResponse response = client.report(url, 1, body.toString());
      if (response.status() != 207) {
        // Some servers fail a whole multiget for one missing href: fetch that batch one by one.
        batch.forEach(this::fetchOne);
        continue;
      }
      Set<String> answered = new HashSet<>();
      for (DavXml.Response r : DavXml.multistatus(response.body())) {
        String key = key(r.href());
        Optional<String> data = r.text(DavXml.CALDAV, "calendar-data");
        if (data.isPresent()) {
          mirror.put(key, rawPath(r.href()), r.text(DavXml.DAV, "getetag").orElse(""), data.get());
          answered.add(key);
        } else if (r.status().map(s -> s.contains(" 404")).orElse(false)) {
          mirror.remove(key);
          answered.add(key);
        }
      }
      // An href the answer left out (Nextcloud omits missing ones) is asked for on its own.
      batch.stream().filter(h -> !answered.contains(key(h))).forEach(this::fetchOne);
    }
  }

  /**
   * Fetches one object. Anything but the object or "gone" stops the run: the sync token must
   * not move past a change whose body was never read.
   */
  private void fetchOne(String href) {
    HttpResponse response = client.get(calendar().resolve(href));
    if (response.ok()) {
      mirror.put(key(href), href, response.header("etag").orElse(""), response.text());
    } else if (response.status() == 404 || response.status() == 410) {
      mirror.remove(key(href));
    } else {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "could not read the calendar object " + href + " (" + response.status()
              + "); the next run tries again");
    }
  }

  private Listing<CalendarEntry> entries() {
    List<CalendarEntry> entries = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    parsed.keySet().retainAll(mirror.items().keySet());
    mirror.items().forEach((key, item) -> {
      if (!item.ics.contains("BEGIN:VEVENT")) {
        return; // a task or journal entry in the same collection: not ours to judge
      }
      Parsed p = parsed.get(key);
      if (p == null || !p.etag().equals(item.etag) || item.etag.isEmpty()) {
        p = parse(item);
        parsed.put(key, p);
      }
      Optional<String> etag = item.etag.isEmpty() ? Optional.empty() : Optional.of(item.etag);
      if (p.event().isPresent()) {
        entries.add(new CalendarEntry(item.href, etag, p.event().get()));
      } else {
        problems.add(new ItemProblem("calendar object " + item.href, p.problem(),
            ObjectText.of(ICalendarCodec.prepareForParsing(item.ics)).master()
                .flatMap(ObjectText.Block::uid)));
      }
    });
    return new Listing<>(entries, problems);
  }

  private Parsed parse(CalendarMirror.Item item) {
    try {
      return new Parsed(item.etag, Optional.of(codec.parse(item.ics)), "");
    } catch (InvalidEventException e) {
      return new Parsed(item.etag, Optional.empty(), e.getMessage());
    } catch (RuntimeException e) {
      return new Parsed(item.etag, Optional.empty(), "cannot be read (" + e + ")");
    }
  }

  private Optional<CalendarEntry> findByUid(String uid) {
    String body =
        "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
            + "<d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter>"
            + "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">"
            + "<c:prop-filter name=\"UID\"><c:text-match collation=\"i;octet\">"
            + DavXml.escape(uid) + "</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter>"
            + "</c:filter></c:calendar-query>";
    HttpResponse response = client.report(calendar(), 1, body);
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
      mirror.put(key(href), href, etag, data.get());
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

  private static boolean invalidToken(HttpResponse response) {
    // RFC 6578 says 403 or 409 with DAV:valid-sync-token; Xandikos answers 500.
    return response.text().contains("valid-sync-token")
        || response.status() == 403 || response.status() == 409 || response.status() == 500
        || response.status() == 400;
  }

  private static ItemFailedException refused(HttpResponse response, PutRefusal refusal) {
    if (refusal.kind() == PutRefusal.Kind.INVALID_DATA) {
      return new ItemFailedException(
          "the server refuses the event's data (" + response.status() + ": " + refusal.detail() + ")");
    }
    if (response.status() == 413) {
      return new ItemFailedException("the server finds the event too large (413)");
    }
    if (response.status() == 403 && response.text().contains("trashbin")) {
      // nextcloud/server#42582: the file name was deleted before and its copy is still in the bin.
      return new ItemFailedException(
          "Nextcloud cannot move it to its trash bin, which holds an earlier deleted copy with the"
              + " same file name; empty the calendar's trash bin (Calendar app > Trash bin) and run"
              + " again");
    }
    if (response.status() == 403) {
      return new ItemFailedException(
          "the server forbids this write (403 " + response.excerpt() + ")");
    }
    return new ItemFailedException(
        "the server refused it (" + response.status() + " " + response.excerpt() + ")");
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

  /** The path of an href as sent in requests (encoded); servers give paths or absolute URLs. */
  static String rawPath(String href) {
    try {
      return new URI(href.strip().replace(" ", "%20")).getRawPath();
    } catch (URISyntaxException e) {
      return href.strip();
    }
  }

  /** A comparable key for an href: its decoded path, however the server encoded it. */
  static String key(String href) {
    try {
      return new URI(rawPath(href)).getPath();
    } catch (URISyntaxException e) {
      return href.strip();
    }
  }

  /** The URL segment a calendar created for {@code name} gets. */
  public static String segmentOf(String name) {
    return segment(name);
  }

  /** A URL segment for a calendar name: lower case, letters, digits and dashes. */
  static String segment(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "events" : slug;
  }

  /** The object's file name: its uid where that is URL-safe, percent-encoded otherwise. */
  static String objectName(String uid) {
    StringBuilder name = new StringBuilder();
    for (byte b : uid.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-_.@".indexOf(c) >= 0)) {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return name + ".ics";
  }
}
