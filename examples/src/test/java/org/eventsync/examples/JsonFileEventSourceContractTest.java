package org.eventsync.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.contract.EventSourceContract;
import org.eventsync.core.port.EventSource;
import org.junit.jupiter.api.io.TempDir;

/** The example adapter passes the same contract as the Directus adapter. */
class JsonFileEventSourceContractTest extends EventSourceContract {

  @TempDir Path folder;

  private Path file() {
    return folder.resolve("events.json");
  }

  @Override
  protected EventSource newSource() {
    return new JsonFileEventSource(file());
  }

  @Override
  protected EventSource reopen() {
    return new JsonFileEventSource(file());
  }

  /** A moderator sets "approved": true in an editor. */
  @Override
  protected void approveElsewhere(SourceEvent item) {
    try {
      JsonArray items = JsonParser.parseString(Files.readString(file())).getAsJsonArray();
      for (JsonElement e : items) {
        if (e.getAsJsonObject().get("id").getAsString().equals(item.id())) {
          e.getAsJsonObject().addProperty("approved", true);
        }
      }
      Files.writeString(file(), items.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
