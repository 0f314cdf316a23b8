package org.eventsync.directus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.Http;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Directus contract, against the real Directus 12.4.0 on SQLite, on a fresh collection each. */
class DirectusEventSourceIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final TestServers SERVERS = TestServers.load();

  @TempDir Path temp;
  private final String collection = "it_" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpTransport http = new HttpTransport(HttpSettings.defaults().withMaxAttempts(2));
  private DirectusProbe probe;

  @BeforeEach
  void createCollection() {
    probe = new DirectusProbe(SERVERS, collection);
    DirectusSchema.Result result =
        new DirectusSchema(http, settings(DirectusSettings.DEFAULT_APPROVAL_FILTER, 1000),
            DirectusFields.defaults()).ensure();
    assertThat(result.collectionCreated()).isTrue();
  }

  @AfterEach
  void dropCollection() throws Exception {
    probe.dropCollection();
    http.close();
  }

  private DirectusSettings settings(String filter, int pageSize) {
    return new DirectusSettings(URI.create(SERVERS.directusUrl()), SERVERS.directusToken(),
        collection, BERLIN, filter, pageSize);
  }

  private DirectusEventSource source(String filter, int pageSize) {
    return new DirectusEventSource(http, settings(filter, pageSize), DirectusFields.defaults(),
        Optional.of(temp.resolve("directus-cache.json")));
  }

  private DirectusEventSource source() {
    return source(DirectusSettings.DEFAULT_APPROVAL_FILTER, 1000);
  }

  @Test
  void initSchemaIsIdempotentAndNamesAFieldOfTheWrongType() {
    DirectusSchema schema =
        new DirectusSchema(http, settings(DirectusSettings.DEFAULT_APPROVAL_FILTER, 1000),
            DirectusFields.defaults());
    DirectusSchema.Result again = schema.ensure();
    assertThat(again.collectionCreated()).isFalse();
    assertThat(again.fieldsCreated()).isEmpty();
    assertThat(again.problems()).isEmpty();

    DirectusSchema renamed =
        new DirectusSchema(http, settings(DirectusSettings.DEFAULT_APPROVAL_FILTER, 1000),
            DirectusFields.withRenames(Map.of("cost", "all_day")));
    assertThat(renamed.ensure().problems())
        .singleElement().asString().contains("'all_day'", "boolean", "string");
  }

  @Test
  void readsApprovalThroughTheBooleanFilter() {
    probe.create(DirectusProbe.item("Yes", "2026-12-01T10:00:00", true));
    probe.create(DirectusProbe.item("No", "2026-12-02T10:00:00", false));

    Listing<SourceEvent> listing = source().list();

    assertThat(listing.items()).extracting(s -> s.event().title() + "=" + s.approved())
        .containsExactly("Yes=true", "No=false");
    assertThat(listing.items()).allSatisfy(s -> assertThat(s.origin()).isEqualTo(Origin.SOURCE));
  }

  @Test
  void readsApprovalThroughAStatusFilter() {
    JsonObject field = new JsonObject();
    field.addProperty("field", "status");
    field.addProperty("type", "string");
    Http.expect(Http.send("POST", SERVERS.directusUrl() + "/fields/" + collection,
        Http.bearer(SERVERS.directusToken()), field.toString(), "application/json"), 200);
    JsonObject published = DirectusProbe.item("Published", "2026-12-01T10:00:00", false);
    published.addProperty("status", "published");
    JsonObject draft = DirectusProbe.item("Draft", "2026-12-02T10:00:00", true);
    draft.addProperty("status", "draft");
    probe.create(published);
    probe.create(draft);

    Listing<SourceEvent> listing = source("{\"status\":{\"_eq\":\"published\"}}", 1000).list();

    assertThat(listing.items()).extracting(s -> s.event().title() + "=" + s.approved())
        .containsExactly("Published=true", "Draft=false");
  }

  @Test
  void readsMoreThanOnePage() {
    for (int i = 1; i <= 8; i++) {
      probe.create(DirectusProbe.item("E" + i, "2026-12-0" + i + "T10:00:00", i % 2 == 0));
    }
    long before = http.stats().requests();

    Listing<SourceEvent> listing = source(DirectusSettings.DEFAULT_APPROVAL_FILTER, 3).list();

    assertThat(listing.items()).hasSize(8);
    assertThat(listing.items().stream().filter(SourceEvent::approved)).hasSize(4);
    assertThat(http.stats().requests() - before).isGreaterThanOrEqualTo(3 + 1);
  }

  @Test
  void laterRunsReadOnlyChangesAndSeeDeletions() throws Exception {
    int keep = probe.create(DirectusProbe.item("Keep", "2026-12-01T10:00:00", true));
    int edit = probe.create(DirectusProbe.item("Edit", "2026-12-02T10:00:00", false));
    int gone = probe.create(DirectusProbe.item("Gone", "2026-12-03T10:00:00", true));
    // The cursor keeps a margin of up to two seconds for clocks; let the creations fall out of it.
    Thread.sleep(2100);
    assertThat(source().list().items()).hasSize(3);

    long before = http.stats().requests();
    String cached = Files.readString(temp.resolve("directus-cache.json"));
    assertThat(source().list().items()).hasSize(3);
    assertThat(http.stats().requests() - before).as("requests when nothing changed").isEqualTo(2);
    assertThat(Files.readString(temp.resolve("directus-cache.json")))
        .as("a run that found nothing changed leaves the cache as it was").isEqualTo(cached);

    JsonObject approve = new JsonObject();
    approve.addProperty("approved", true);
    approve.addProperty("title", "Edited");
    probe.update(edit, approve);
    probe.delete(gone);
    probe.create(DirectusProbe.item("New", "2026-12-04T10:00:00", false));

    Listing<SourceEvent> after = source().list();

    assertThat(after.items()).extracting(s -> s.event().title() + "=" + s.approved())
        .containsExactly("Keep=true", "Edited=true", "New=false");
    assertThat(keep).isPositive();
  }

  @Test
  void importsInBatchesAndNamesTheOneItemDirectusRefuses() {
    DirectusEventSource source = source();
    source.list();
    Event taken = event("taken-uid", "Already here", 1);
    assertThat(source.importEvents(List.of(taken))).allSatisfy(o -> assertThat(o.stored()).isPresent());

    List<ImportOutcome> outcomes =
        source.importEvents(List.of(event("a-uid", "First", 2), taken, event("b-uid", "Third", 3)));

    assertThat(outcomes.get(0).stored()).isPresent();
    assertThat(outcomes.get(1).problem()).get().asString().contains("RECORD_NOT_UNIQUE");
    assertThat(outcomes.get(2).stored()).isPresent();
    assertThat(probe.items()).hasSize(3);
    assertThat(outcomes.get(0).stored().get().origin()).isEqualTo(Origin.CALENDAR);
    assertThat(outcomes.get(0).stored().get().approved()).isFalse();
  }

  @Test
  void importedEventsReadBackEqualIncludingWholeDaysAndZones() {
    DirectusEventSource source = source();
    source.list();
    Event zoned =
        Event.builder("z-1", "Zoned", EventTime.of(ZonedDateTime.of(2026, 7, 1, 9, 30, 0, 0,
                ZoneId.of("America/New_York"))))
            .description("Line 1\nLine 2; with, punctuation")
            .cost("free").organizer("Jane <jane@example.org>").category("Talk")
            .website("https://example.org").location("Room 1").recurrence("RRULE:FREQ=DAILY;COUNT=2")
            .build();
    Event allDay =
        Event.builder("d-1", "Fair", EventTime.of(LocalDate.of(2026, 12, 24)))
            .end(EventTime.of(LocalDate.of(2026, 12, 26))).build();
    source.importEvents(List.of(zoned, allDay));

    List<SourceEvent> read = source().list().items();

    // The item keeps the event's own zone (its timezone field), not EVENT_TIMEZONE's.
    assertThat(read).extracting(SourceEvent::event).containsExactly(zoned, allDay);
    assertThat(probe.items()).anySatisfy(i ->
        assertThat(i.get("timezone").getAsString()).isEqualTo("America/New_York"));
  }

  @Test
  void aBadItemIsOneProblemAndTheRestIsRead() {
    probe.create(DirectusProbe.item("Good", "2026-12-01T10:00:00", true));
    JsonObject backwards = DirectusProbe.item("Backwards", "2026-12-05T10:00:00", true);
    backwards.addProperty("end_date", "2026-12-04T10:00:00");
    probe.create(backwards);

    Listing<SourceEvent> listing = source().list();

    assertThat(listing.items()).extracting(s -> s.event().title()).containsExactly("Good");
    assertThat(listing.problems()).singleElement().asString()
        .contains("Directus item", "Backwards", "before start");
  }

  @Test
  void aWrongTokenAndAMissingCollectionAreNamedClearly() {
    DirectusSettings wrongToken =
        new DirectusSettings(URI.create(SERVERS.directusUrl()), "not-the-token", collection, BERLIN);
    assertThatThrownBy(() -> new DirectusEventSource(http, wrongToken, DirectusFields.defaults()).list())
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("the token is wrong or expired")
        .hasMessageNotContaining("not-the-token")
        .satisfies(e -> assertThat(((SideUnavailableException) e).reason()).isEqualTo(Reason.AUTHENTICATION));

    DirectusSettings missing =
        new DirectusSettings(URI.create(SERVERS.directusUrl()), SERVERS.directusToken(), "no_such_collection", BERLIN);
    assertThatThrownBy(() -> new DirectusEventSource(http, missing, DirectusFields.defaults()).list())
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("no_such_collection")
        .satisfies(e -> assertThat(((SideUnavailableException) e).reason()).isEqualTo(Reason.CONFIGURATION))
        .satisfies(e -> assertThat(((SideUnavailableException) e).check())
            .hasValue(SideUnavailableException.Check.SOURCE_SCHEMA));
  }

  @Test
  void aTokenWithoutAPermissionIsToldWhichPermissionIsMissing() {
    try (DirectusProbe.LimitedUser readOnly = probe.limitedUser(true, "read")) {
      DirectusSettings limited = new DirectusSettings(URI.create(SERVERS.directusUrl()),
          readOnly.token(), collection, BERLIN);
      DirectusEventSource source = new DirectusEventSource(http, limited, DirectusFields.defaults());
      assertThat(source.list().items()).isEmpty();

      assertThatThrownBy(() -> source.importEvent(event("typed-1", "Typed", 3)))
          .isInstanceOf(SideUnavailableException.class)
          .hasMessageContaining("lacks the permission create on '" + collection + "', update on '"
              + collection + "'")
          .hasMessageNotContaining(readOnly.token());
    }
    try (DirectusProbe.LimitedUser noFields = probe.limitedUser(false, "read", "create", "update")) {
      DirectusSettings limited = new DirectusSettings(URI.create(SERVERS.directusUrl()),
          noFields.token(), collection, BERLIN);
      assertThatThrownBy(() -> new DirectusEventSource(http, limited, DirectusFields.defaults()).list())
          .isInstanceOf(SideUnavailableException.class)
          .hasMessageContaining("lacks the permission read on 'directus_fields'");
    }
  }

  /** Directus fails a whole request that names a field it lacks: only existing fields are asked for. */
  @Test
  void aCollectionWithoutTheOptionalFieldsIsReadAndWritten() {
    for (String optional : List.of("cost", "organizer", "recurrence")) {
      Http.expect(Http.send("DELETE", SERVERS.directusUrl() + "/fields/" + collection + "/" + optional,
          Http.bearer(SERVERS.directusToken()), null, null), 204);
    }
    probe.create(DirectusProbe.item("Fair", "2026-12-05T18:00:00", true));
    DirectusEventSource source = source();

    assertThat(source.list().items()).extracting(s -> s.event().title()).containsExactly("Fair");
    SourceEvent imported = source.importEvent(
        Event.builder("typed-1", "Typed", EventTime.of(ZonedDateTime.of(2026, 12, 6, 18, 0, 0, 0, BERLIN)))
            .cost("5 EUR").build());
    assertThat(imported.event().cost()).isEmpty();
    assertThat(source().list().items()).hasSize(2);
  }

  /** Directus answers a missing item like a forbidden one; neither may look like a deletion. */
  @Test
  void anItemDeletedMeanwhileFailsAloneAndTheListingShowsItGone() {
    int id = probe.create(DirectusProbe.item("Fair", "2026-12-05T18:00:00", true));
    DirectusEventSource source = source();
    SourceEvent item = source.list().items().get(0);
    probe.delete(id);

    assertThatThrownBy(() -> source.reassignUid(item, "events-x.gen2@host.directus"))
        .isInstanceOf(ItemFailedException.class)
        .hasMessageContaining("item " + id + " is no longer in Directus");
    assertThat(source().list().items()).isEmpty();
  }

  private static Event event(String uid, String title, int day) {
    return Event.builder(uid, title, EventTime.of(ZonedDateTime.of(2026, 12, day, 18, 0, 0, 0, BERLIN)))
        .build();
  }
}
