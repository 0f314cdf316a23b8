package org.eventsync.directus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.junit.jupiter.api.Test;

/** The item mapping without a server: all-day ends, zones, field types and identity. */
class DirectusItemMapperTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final DirectusSettings SETTINGS =
      new DirectusSettings(URI.create("https://cms.example.org:8443"), "t", "events", BERLIN);

  private static DirectusItemMapper mapper(String startType, boolean timezoneField) {
    Map<String, String> types = new LinkedHashMap<>();
    for (String f : DirectusFields.defaults().all()) {
      types.put(f, "string");
    }
    types.put("start_date", startType);
    types.put("end_date", startType);
    types.put("all_day", "boolean");
    if (!timezoneField) {
      types.remove("timezone");
    }
    return new DirectusItemMapper(DirectusFields.defaults(), SETTINGS, types);
  }

  private static JsonObject item(String json) {
    return JsonParser.parseString(json).getAsJsonObject();
  }

  @Test
  void anAllDayItemStoresItsLastDayAndTheEventTheDayAfter() {
    SourceEvent read = mapper("date", true).read(item(
        "{\"id\":7,\"title\":\"Fair\",\"all_day\":true,\"start_date\":\"2026-12-24\","
            + "\"end_date\":\"2026-12-26\"}"), true);

    assertThat(read.event().start()).isEqualTo(EventTime.of(LocalDate.of(2026, 12, 24)));
    assertThat(read.event().end()).hasValue(EventTime.of(LocalDate.of(2026, 12, 27)));
    JsonObject written = mapper("date", true).content(read.event());
    assertThat(written.get("end_date").getAsString()).isEqualTo("2026-12-26");
    assertThat(written.has("timezone") && !written.get("timezone").isJsonNull()).isFalse();
  }

  @Test
  void aZoneLessTimeIsWallClockInTheItemsZoneElseTheConfiguredOne() {
    DirectusItemMapper m = mapper("dateTime", true);
    SourceEvent inBerlin = m.read(item(
        "{\"id\":1,\"title\":\"A\",\"start_date\":\"2026-12-02T10:00:00\"}"), false);
    SourceEvent inTokyo = m.read(item(
        "{\"id\":2,\"title\":\"B\",\"start_date\":\"2026-12-02T10:00:00\",\"timezone\":\"Asia/Tokyo\"}"),
        false);

    assertThat(inBerlin.event().start())
        .isEqualTo(EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, BERLIN)));
    assertThat(inTokyo.event().start())
        .isEqualTo(EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneId.of("Asia/Tokyo"))));
  }

  @Test
  void anEventIsWrittenInItsOwnZoneWhenTheCollectionKeepsIt() {
    Event tokyo = new Event("u@x", "Talk",
        EventTime.of(ZonedDateTime.of(2026, 12, 2, 18, 0, 0, 0, ZoneId.of("Asia/Tokyo"))),
        Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());

    JsonObject withZone = mapper("dateTime", true).content(tokyo);
    JsonObject withoutZone = mapper("dateTime", false).content(tokyo);
    JsonObject asTimestamp = mapper("timestamp", false).content(tokyo);

    assertThat(withZone.get("start_date").getAsString()).isEqualTo("2026-12-02T18:00:00");
    assertThat(withZone.get("timezone").getAsString()).isEqualTo("Asia/Tokyo");
    assertThat(withoutZone.get("start_date").getAsString()).isEqualTo("2026-12-02T10:00:00");
    assertThat(asTimestamp.get("start_date").getAsString()).isEqualTo("2026-12-02T09:00:00Z");
  }

  @Test
  void anInstantWithAnOffsetIsReadAsThatInstant() {
    SourceEvent read = mapper("timestamp", true).read(item(
        "{\"id\":3,\"title\":\"C\",\"start_date\":\"2026-12-02T09:00:00.000Z\"}"), false);

    assertThat(((EventTime.At) read.event().start()).time().toInstant())
        .isEqualTo(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, BERLIN).toInstant());
  }

  @Test
  void identityIsTheStoredUidOrOneMintedFromCollectionIdAndHost() {
    DirectusItemMapper m = mapper("dateTime", true);
    SourceEvent born = m.read(item("{\"id\":12,\"title\":\"A\",\"start_date\":\"2026-12-02\"}"), true);
    SourceEvent imported = m.read(item(
        "{\"id\":13,\"title\":\"B\",\"start_date\":\"2026-12-02\",\"ical_uid\":\"abc@phone\"}"), false);

    assertThat(born.uid()).isEqualTo("events-12@cms.example.org.directus");
    assertThat(born.origin()).isEqualTo(Origin.SOURCE);
    assertThat(m.minted(born.uid())).isTrue();
    assertThat(imported.uid()).isEqualTo("abc@phone");
    assertThat(imported.origin()).isEqualTo(Origin.CALENDAR);
  }

  @Test
  void wrongTypesAndBadValuesNameTheField() {
    DirectusItemMapper m = mapper("dateTime", true);
    assertThatThrownBy(() -> m.read(item("{\"id\":1,\"title\":{\"x\":1},\"start_date\":\"2026-12-02\"}"), true))
        .isInstanceOf(InvalidEventException.class).hasMessage("title should be text but is an object");
    assertThatThrownBy(() -> m.read(item("{\"id\":1,\"title\":\"A\",\"start_date\":\"soon\"}"), true))
        .isInstanceOf(InvalidEventException.class).hasMessage("start_date is not a date: 'soon'");
    assertThatThrownBy(() -> m.read(item(
        "{\"id\":1,\"title\":\"A\",\"start_date\":\"2026-12-02T10:00:00\",\"timezone\":\"Mars/Base\"}"), true))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("timezone 'Mars/Base' is not a time zone");
    assertThatThrownBy(() -> m.read(item("{\"id\":1,\"title\":\"A\",\"all_day\":\"maybe\",\"start_date\":\"2026-12-02\"}"), true))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("all_day should be true or false");
    assertThat(m.uidOf(item("{\"id\":5,\"title\":[1]}"))).hasValue("events-5@cms.example.org.directus");
  }

  @Test
  void anImportIsNotApprovedAndKeepsItsUid() {
    Event e = mapper("dateTime", true).read(item(
        "{\"id\":1,\"title\":\"A\",\"start_date\":\"2026-12-02T10:00:00\",\"ical_uid\":\"k@cal\"}"), false).event();

    JsonObject imported = mapper("dateTime", true).imported(e);

    assertThat(imported.get("ical_uid").getAsString()).isEqualTo("k@cal");
    assertThat(imported.get("approved").getAsBoolean()).isFalse();
  }
}
