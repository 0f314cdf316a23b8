package org.eventsync.core.contract;

import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.testing.InMemoryEventSink;
import org.eventsync.core.testing.InMemoryEventSource;
import org.junit.jupiter.api.Nested;

/** The in-memory fakes the engine's tests use pass the same contracts as the real adapters. */
class InMemoryContractsTest {

  @Nested
  class Sink extends EventSinkContract {
    private final InMemoryEventSink sink = new InMemoryEventSink();

    @Override
    protected EventSink newSink() {
      return sink;
    }

    @Override
    protected EventSink reopen() {
      return sink;
    }

    @Override
    protected void editElsewhere(CalendarEntry entry, Event content) {
      sink.edit(entry.href(), content);
    }
  }

  @Nested
  class Source extends EventSourceContract {
    private final InMemoryEventSource source = new InMemoryEventSource();

    @Override
    protected EventSource newSource() {
      return source;
    }

    @Override
    protected EventSource reopen() {
      return source;
    }

    @Override
    protected void approveElsewhere(SourceEvent item) {
      source.approve(item.id(), true);
    }
  }
}
