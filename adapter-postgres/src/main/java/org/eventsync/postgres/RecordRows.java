package org.eventsync.postgres;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.files.EventJson;

/** A {@link SyncRecord} as a row of event_sync_record, and back. */
final class RecordRows {

  static final String COLUMNS = "uid, source_id, source_hash, href, calendar_hash, ever_approved,"
      + " uid_spent, base";
  static final String UPSERT = "insert into event_sync_record (pair_key, " + COLUMNS + ")"
      + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (pair_key, uid) do update set"
      + " source_id = excluded.source_id, source_hash = excluded.source_hash,"
      + " href = excluded.href, calendar_hash = excluded.calendar_hash,"
      + " ever_approved = excluded.ever_approved, uid_spent = excluded.uid_spent,"
      + " base = excluded.base";

  private static final Gson GSON =
      new GsonBuilder().registerTypeAdapter(Event.class, EventJson.adapter()).create();

  private RecordRows() {}

  static void bind(PreparedStatement s, String pairKey, String uid, SyncRecord r)
      throws SQLException {
    s.setString(1, pairKey);
    s.setString(2, uid);
    s.setString(3, r.sourceId().orElse(null));
    s.setString(4, r.sourceHash().orElse(null));
    s.setString(5, r.href().orElse(null));
    s.setString(6, r.calendarHash().orElse(null));
    s.setBoolean(7, r.everApproved());
    s.setBoolean(8, r.uidSpent());
    s.setString(9, r.base().map(base -> GSON.toJson(base, Event.class)).orElse(null));
  }

  static SyncRecord read(ResultSet row) throws SQLException {
    return new SyncRecord(
        Optional.ofNullable(row.getString("source_id")),
        Optional.ofNullable(row.getString("source_hash")),
        Optional.ofNullable(row.getString("href")),
        Optional.ofNullable(row.getString("calendar_hash")),
        row.getBoolean("ever_approved"),
        row.getBoolean("uid_spent"),
        base(row.getString("base")));
  }

  /** A base that does not read back is no base: the record's hashes decide, as without one. */
  private static Optional<Event> base(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(GSON.fromJson(json, Event.class));
    } catch (JsonParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
