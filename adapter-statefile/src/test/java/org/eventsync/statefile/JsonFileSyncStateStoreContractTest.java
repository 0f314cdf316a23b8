package org.eventsync.statefile;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsync.core.contract.SyncStateStoreContract;
import org.eventsync.core.port.SyncStateStore;
import org.junit.jupiter.api.io.TempDir;

/** The file store against the state-store contract: one file per pair, as the CLI keeps them. */
class JsonFileSyncStateStoreContractTest extends SyncStateStoreContract {

  @TempDir Path dir;
  private final AtomicInteger names = new AtomicInteger();

  @Override
  protected SyncStateStore open(String pair) {
    return new JsonFileSyncStateStore(dir.resolve(pair).resolve("state.json"));
  }

  @Override
  protected String freshName() {
    return "pair-" + names.incrementAndGet();
  }
}
