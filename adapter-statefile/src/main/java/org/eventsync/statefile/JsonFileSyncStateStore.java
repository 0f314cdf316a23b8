package org.eventsync.statefile;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsync.core.Event;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.files.AtomicFiles;
import org.eventsync.files.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sync state in one JSON file, replaced atomically ({@link AtomicFiles}): a crash leaves
 * either the old or the new state, never a half-written one.
 */
public final class JsonFileSyncStateStore implements SyncStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(JsonFileSyncStateStore.class);
  /** Format 2 names the spent-uid fact {@code uidSpent}; format 1 called it everInCalendar. */
  private static final int FORMAT = 2;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
      .registerTypeAdapter(Event.class, EventJson.adapter()).create();

  private final Path file;

  public JsonFileSyncStateStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public SyncState load() {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      StateFile stored = GSON.fromJson(reader, StateFile.class);
      if (stored == null || stored.records == null) {
        return SyncState.empty();
      }
      if (!readable(stored.format)) {
        // A later version wrote it (a rollback): refused whole, and kept, never half-read.
        throw new SideUnavailableException(SideUnavailableException.Reason.CONFIGURATION,
            SideUnavailableException.Check.STATE_FORMAT, file + " has state format "
                + stored.format + ", which a later version wrote; this version reads 1 and "
                + FORMAT);
      }
      Map<String, SyncRecord> records = new TreeMap<>();
      stored.records.forEach((uid, r) -> records.put(uid.intern(), r.toRecord()));
      return new SyncState(
          records, Optional.ofNullable(stored.pair), Optional.ofNullable(stored.agreement));
    } catch (NoSuchFileException e) {
      return SyncState.empty();
    } catch (JsonParseException e) {
      // A damaged state costs only what the state remembers: identity lives in the data on both
      // sides, so the run rebuilds it. The damaged file is kept for whoever wants to know why.
      Path kept = file.resolveSibling(file.getFileName() + ".damaged");
      try {
        Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        throw new UncheckedIOException("cannot set aside the damaged state file " + file, moveFailed);
      }
      LOG.warn("{} was not a valid state file ({}); kept as {}, and this run rebuilds the state"
          + " from both sides", file, e.getMessage(), kept.getFileName());
      return SyncState.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state file " + file, e);
    }
  }

  /**
   * Read from the fields before the records (Gson writes fields in their declaration order), so
   * that a run that proves agreement never parses the records; a file without the count, older
   * than it, is read whole.
   */
  @Override
  public SyncState.Head head() {
    try (JsonReader reader = new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      Optional<String> pair = Optional.empty();
      Optional<String> agreement = Optional.empty();
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.nextName()) {
          case "pair" -> pair = Optional.of(reader.nextString());
          case "agreement" -> agreement = Optional.of(reader.nextString());
          case "count" -> {
            return new SyncState.Head(pair, agreement, reader.nextInt());
          }
          case "format" -> {
            if (!readable(reader.nextInt())) {
              return load().head(); // which refuses it
            }
          }
          default -> reader.skipValue();
        }
      }
      return load().head();
    } catch (NoSuchFileException e) {
      return SyncState.empty().head();
    } catch (IOException | RuntimeException unreadable) {
      return load().head(); // which says what is wrong with the file, and sets a damaged one aside
    }
  }

  private static boolean readable(int format) {
    return format == FORMAT || format == 1;
  }

  @Override
  public void save(SyncState state) {
    StateFile stored = new StateFile();
    stored.format = FORMAT;
    stored.pair = state.pair().orElse(null);
    stored.agreement = state.agreement().orElse(null);
    stored.count = state.records().size();
    stored.records = new TreeMap<>();
    state.records().forEach((uid, r) -> stored.records.put(uid, StoredRecord.of(r)));
    try {
      AtomicFiles.writeJson(file, GSON, stored);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state file " + file, e);
    }
  }

  /** The file's layout: plain fields, and events as {@link EventJson} writes them. */
  private static final class StateFile {
    int format;
    String pair;
    /** Absent in files older than the field: no agreement known, the next run lists both sides. */
    String agreement;
    /** How many records follow; absent in files older than the field. */
    Integer count;
    Map<String, StoredRecord> records;
  }

  private static final class StoredRecord {
    String sourceId;
    String sourceHash;
    String href;
    String calendarHash;
    boolean everApproved;
    boolean uidSpent;
    /** Format 1's name for uidSpent, read and never written. */
    boolean everInCalendar;
    /** Absent in files older than the field, or when it does not read back: no base known. */
    Event base;

    static StoredRecord of(SyncRecord r) {
      StoredRecord s = new StoredRecord();
      s.sourceId = r.sourceId().orElse(null);
      s.sourceHash = r.sourceHash().orElse(null);
      s.href = r.href().orElse(null);
      s.calendarHash = r.calendarHash().orElse(null);
      s.everApproved = r.everApproved();
      s.uidSpent = r.uidSpent();
      s.base = r.base().orElse(null);
      return s;
    }

    SyncRecord toRecord() {
      // Uids, ids and hrefs are held once with the caches' copies (String#intern), equal hashes
      // once.
      return new SyncRecord(
          Optional.ofNullable(sourceId).map(String::intern),
          Optional.ofNullable(sourceHash),
          Optional.ofNullable(href).map(String::intern),
          Optional.ofNullable(sourceHash != null && sourceHash.equals(calendarHash) ? sourceHash
              : calendarHash),
          everApproved,
          // Files older than the field: an href means the calendar held the uid.
          uidSpent || everInCalendar || href != null,
          Optional.ofNullable(base));
    }
  }
}
