package org.eventsync.caldav;

import static org.eventsync.caldav.CalendarPaths.key;
import static org.eventsync.caldav.CalendarPaths.rawPath;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the {@link CalendarMirror} up to date with the calendar, reading only what changed, as
 * DAVx5 does: the collection's sync-token (or CTag) says whether anything changed; WebDAV
 * sync-collection (RFC 6578), or an ETag listing where the server lacks it or forgot the token,
 * says what; calendar-multiget fetches only those bodies, in batches.
 */
final class CalendarReader {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarReader.class);
  private static final int MULTIGET_BATCH = 100;

  /** What the collection says about its version; either may be absent. */
  record CollectionState(Optional<String> syncToken, Optional<String> ctag) {}

  private final CalDavClient client;
  private final CalendarMirror mirror;

  CalendarReader(CalDavClient client, CalendarMirror mirror) {
    this.client = client;
    this.mirror = mirror;
  }

  /** The collection's sync-token and CTag; empty when {@code url} is not a calendar. */
  Optional<CollectionState> state(URI url) {
    HttpResponse response = client.propfind(url, 0, DavBodies.COLLECTION_STATE);
    if (response.status() != 207) {
      return Optional.empty();
    }
    List<DavXml.Response> parts = DavXml.multistatus(response.body());
    if (parts.isEmpty() || !Discovery.isCalendar(parts.get(0))) {
      return Optional.empty();
    }
    return Optional.of(new CollectionState(
        parts.get(0).text(DavXml.DAV, "sync-token").filter(t -> !t.isEmpty()),
        parts.get(0).text(DavXml.CALSERVER, "getctag").filter(t -> !t.isEmpty())));
  }

  /** Whether the mirror already shows the version {@code remote} names. */
  boolean upToDate(CollectionState remote) {
    return remote.syncToken().isPresent()
        ? remote.syncToken().equals(mirror.syncToken())
        : remote.ctag().isPresent() && remote.ctag().equals(mirror.ctag());
  }

  /** Reads what changed in the calendar at {@code url} into the mirror (its owner saves it). */
  void refresh(URI url, CollectionState remote) {
    mirror.load(); // when the cache's objects cannot be read back, it has no version: read in full
    if (upToDate(remote)) {
      LOG.debug("Calendar unchanged since the last run ({} objects)", mirror.items().size());
      return;
    }
    boolean synced = !mirror.syncCollection().equals(Optional.of(false)) && syncCollection(url);
    if (!synced) {
      mirror.syncCollection(false);
      etagListing(url);
    }
    mirror.ctag(remote.ctag().orElse(null));
  }

  /**
   * Reads what changed since the mirror's version (a run's own writes, and anything written
   * beside them) with one request whose answer brings the new version, so that version need not
   * be asked first: sync-collection, or where the server lacks it an ETag listing, whose answer
   * holds the collection's CTag. False where the mirror has no version to go on or the server
   * refuses sync-collection now: the caller then asks the version and lists.
   */
  boolean catchUp(URI url) {
    if (!mirror.load()) {
      return false;
    }
    if (mirror.syncCollection().equals(Optional.of(false))) {
      mirror.ctag(etagListing(url).orElse(null));
      return true;
    }
    if (mirror.syncToken().isEmpty() || !syncCollection(url)) {
      return false;
    }
    mirror.ctag(null); // the token is the version from now on; an old CTag would only mislead
    return true;
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
      HttpResponse response = client.report(url, 0, DavBodies.syncCollection(token));
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
        if (response.passing()) {
          // Busy, not lacking the report: an ETag listing would stand in for it for good.
          throw new SideUnavailableException(Reason.UNREACHABLE, "the calendar "
              + HttpTransport.describe(url) + " kept answering " + response.status()
              + " to sync-collection; the next run tries again");
        }
        LOG.debug("No sync-collection here ({}); using ETag listings", response.status());
        return false;
      }
      AtomicBoolean truncated = new AtomicBoolean();
      String collectionPath = url.getPath();
      Optional<String> next = DavXml.readMultistatus(response.body(), r -> {
        String key = key(r.href());
        if (key.equals(collectionPath) || key.endsWith("/")) {
          if (r.status().map(s -> s.contains(" 507")).orElse(false)) {
            truncated.set(true);
          }
          return;
        }
        if (r.status().map(s -> s.contains(" 404")).orElse(false)) {
          mirror.remove(key);
          changed.remove(key);
          return;
        }
        seen.add(key);
        if (!known(key, r)) {
          changed.put(key, rawPath(r.href()));
        }
      });
      token = next.orElse(token);
      if (!truncated.get()) {
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

  /**
   * The fallback: list every object's ETag, fetch those that differ, drop those that vanished.
   * Returns the CTag the collection answered with, which no later change hides.
   */
  private Optional<String> etagListing(URI url) {
    HttpResponse response = client.members(url, DavBodies.ETAGS);
    if (response.status() != 207) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "cannot list the calendar " + HttpTransport.describe(url) + " (" + response.status()
              + ")");
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> changed = new HashMap<>();
    AtomicReference<Optional<String>> ctag = new AtomicReference<>(Optional.empty());
    String collectionPath = url.getPath();
    DavXml.readMultistatus(response.body(), r -> {
      String key = key(r.href());
      if (key.equals(collectionPath)) {
        ctag.set(r.text(DavXml.CALSERVER, "getctag").filter(t -> !t.isEmpty()));
      }
      if (key.endsWith("/") || r.holdsAny(DavXml.DAV, "resourcetype")) {
        return; // the collection itself, or a sub-collection
      }
      seen.add(key);
      if (!known(key, r)) {
        changed.put(key, rawPath(r.href()));
      }
    });
    mirror.items().keySet().removeIf(k -> !seen.contains(k));
    fetch(url, changed);
    mirror.syncToken(null);
    LOG.debug("ETag listing: {} changed, calendar holds {}", changed.size(), mirror.items().size());
    return ctag.get();
  }

  /** Whether the mirror holds the version of {@code key} that this answer names. */
  private boolean known(String key, DavXml.Response r) {
    String etag = r.text(DavXml.DAV, "getetag").orElse("");
    return !etag.isEmpty() && mirror.item(key).map(i -> etag.equals(i.etag)).orElse(false);
  }

  /** Fetches the bodies of {@code changed} (key → href) with calendar-multiget, in batches. */
  private void fetch(URI url, Map<String, String> changed) {
    List<String> hrefs = new ArrayList<>(changed.values());
    for (int from = 0; from < hrefs.size(); from += MULTIGET_BATCH) {
      List<String> batch = hrefs.subList(from, Math.min(hrefs.size(), from + MULTIGET_BATCH));
      HttpResponse response = client.report(url, 1, DavBodies.multiget(batch));
      if (response.status() != 207) {
        // Some servers fail a whole multiget for one missing href: fetch that batch one by one.
        batch.forEach(h -> fetchOne(url, h));
        continue;
      }
      Set<String> answered = new HashSet<>();
      DavXml.readMultistatus(response.body(), r -> {
        String key = key(r.href());
        Optional<String> data = r.text(DavXml.CALDAV, "calendar-data");
        if (data.isPresent()) {
          mirror.put(key, rawPath(r.href()), r.text(DavXml.DAV, "getetag").orElse(""), data.get(),
              Optional.empty());
          answered.add(key);
        } else if (r.status().map(s -> s.contains(" 404")).orElse(false)) {
          mirror.remove(key);
          answered.add(key);
        }
      });
      // An href the answer left out (Nextcloud omits missing ones) is asked for on its own.
      batch.stream().filter(h -> !answered.contains(key(h))).forEach(h -> fetchOne(url, h));
    }
  }

  /**
   * Fetches one object. Anything but the object or "gone" stops the run: the sync token must
   * not move past a change whose body was never read.
   */
  private void fetchOne(URI calendar, String href) {
    HttpResponse response = client.get(calendar.resolve(href));
    if (response.ok()) {
      mirror.put(key(href), href, response.header("etag").orElse(""), response.text(),
          Optional.empty());
    } else if (response.status() == 404 || response.status() == 410) {
      mirror.remove(key(href));
    } else {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "could not read the calendar object " + href + " (" + response.status()
              + "); the next run tries again");
    }
  }

  private static boolean invalidToken(HttpResponse response) {
    // RFC 6578 says 403 or 409 with DAV:valid-sync-token; Xandikos answers 500.
    return response.text().contains("valid-sync-token")
        || response.status() == 403 || response.status() == 409 || response.status() == 500
        || response.status() == 400;
  }
}
