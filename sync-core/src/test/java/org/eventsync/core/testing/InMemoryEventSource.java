package org.eventsync.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.port.ProposalsUnavailableException;

/** A Directus stand-in in memory: items by id, uids minted as {@code mem-ID@source}. */
public final class InMemoryEventSource implements EventSource {

  private final Map<Integer, SourceEvent> items = new TreeMap<>();
  private final List<StoredProposal> proposals = new ArrayList<>();
  private int nextId = 1;
  private Faults faults = Faults.none();
  private boolean takesProposals = true;

  /** A proposal as the moderators see it: pending until one decides. */
  public static final class StoredProposal {
    private Proposal proposal;
    private String status = "pending";
    private boolean carriedOut;

    public synchronized Proposal proposal() {
      return proposal;
    }

    public synchronized String status() {
      return status;
    }
  }

  public synchronized void takesProposals(boolean value) {
    takesProposals = value;
  }

  public synchronized List<StoredProposal> proposals() {
    return List.copyOf(proposals);
  }

  /** A moderator accepts or rejects a pending proposal. */
  public synchronized void decide(StoredProposal p, boolean accept) {
    if (p.status.equals("pending")) {
      p.status = accept ? "accepted" : "rejected";
    }
  }

  public synchronized void faults(Faults value) {
    faults = value;
  }

  /** An editor creates an item in Directus; returns its id. */
  public synchronized String add(Event content, boolean approved) {
    String id = String.valueOf(nextId++);
    Event event = content.withUid("mem-" + id + "@source");
    items.put(Integer.valueOf(id), new SourceEvent(id, event, approved, Origin.SOURCE));
    return id;
  }

  public synchronized void approve(String id, boolean approved) {
    SourceEvent s = get(id).orElseThrow();
    items.put(Integer.valueOf(id), new SourceEvent(id, s.event(), approved, s.origin()));
  }

  public synchronized void edit(String id, Event content) {
    SourceEvent s = get(id).orElseThrow();
    items.put(
        Integer.valueOf(id),
        new SourceEvent(id, content.withUid(s.uid()), s.approved(), s.origin()));
  }

  public synchronized void remove(String id) {
    items.remove(Integer.valueOf(id));
  }

  public synchronized Optional<SourceEvent> get(String id) {
    return Optional.ofNullable(items.get(Integer.valueOf(id)));
  }

  public synchronized List<SourceEvent> all() {
    return new ArrayList<>(items.values());
  }

  /** The whole content: it changes exactly when a listing would. */
  @Override
  public synchronized Optional<String> version() {
    StringBuilder all = new StringBuilder();
    items.values().forEach(s -> all.append(s.id()).append(' ').append(s.approved()).append(' ')
        .append(s.origin()).append(' ').append(s.uid()).append(' ')
        .append(s.event().contentHash()).append('\n'));
    return Optional.of(all.toString());
  }

  @Override
  public synchronized Listing<SourceEvent> list() {
    return Listing.of(all());
  }

  @Override
  public synchronized boolean mintedUid(String uid) {
    return uid.startsWith("mem-") && uid.endsWith("@source");
  }

  @Override
  public synchronized SourceEvent importEvent(Event event) {
    faults.beforeWrite();
    // Like the unique ical_uid field in Directus: one item per calendar uid.
    if (items.values().stream().anyMatch(s -> s.uid().equals(event.uid()))) {
      throw new ItemFailedException("RECORD_NOT_UNIQUE ical_uid " + event.uid());
    }
    String id = String.valueOf(nextId++);
    SourceEvent stored = new SourceEvent(id, event, false, Origin.CALENDAR);
    items.put(Integer.valueOf(id), stored);
    return stored;
  }

  @Override
  public synchronized SourceEvent update(SourceEvent current, Event content) {
    faults.beforeWrite();
    SourceEvent s = get(current.id()).orElseThrow(() -> new ItemFailedException("gone"));
    SourceEvent stored =
        new SourceEvent(s.id(), content.withUid(s.uid()), s.approved(), s.origin());
    items.put(Integer.valueOf(s.id()), stored);
    return stored;
  }

  @Override
  public synchronized SourceEvent reassignUid(SourceEvent current, String uid) {
    faults.beforeWrite();
    SourceEvent s = get(current.id()).orElseThrow(() -> new ItemFailedException("gone"));
    if (items.values().stream().anyMatch(other -> other.uid().equals(uid))) {
      throw new ItemFailedException("RECORD_NOT_UNIQUE ical_uid " + uid);
    }
    SourceEvent stored = new SourceEvent(s.id(), s.event().withUid(uid), s.approved(), s.origin());
    items.put(Integer.valueOf(s.id()), stored);
    return stored;
  }

  @Override
  public synchronized void propose(Proposal proposal) {
    if (!takesProposals) {
      throw new ProposalsUnavailableException("no proposals collection");
    }
    faults.beforeWrite();
    StoredProposal pending = proposals.stream()
        .filter(p -> p.status.equals("pending") && p.proposal.item().id().equals(proposal.item().id()))
        .findFirst().orElseGet(() -> {
          StoredProposal p = new StoredProposal();
          proposals.add(p);
          return p;
        });
    pending.proposal = pending.proposal == null ? proposal : merged(pending.proposal, proposal);
  }

  /** A further edit adds to the pending one: the fields it does not touch stay proposed. */
  private static Proposal merged(Proposal before, Proposal now) {
    if (before.kind() != Proposal.Kind.EDIT || now.kind() != Proposal.Kind.EDIT) {
      return now;
    }
    List<String> touched = now.changes().stream().map(Proposal.FieldChange::field).toList();
    List<String> kept = before.changes().stream().map(Proposal.FieldChange::field)
        .filter(f -> !touched.contains(f)).toList();
    try {
      return Proposal.edit(now.item(),
          EventFields.take(now.calendar().orElseThrow(), before.calendar().orElseThrow(), kept),
          now.href());
    } catch (InvalidEventException mixed) {
      return now;
    }
  }

  @Override
  public synchronized List<String> carryOutDecisions(boolean apply) {
    if (!takesProposals) {
      throw new ProposalsUnavailableException("no proposals collection");
    }
    List<String> lines = new ArrayList<>();
    for (StoredProposal p : proposals) {
      if (!p.status.equals("accepted") || p.carriedOut || !apply) {
        continue;
      }
      faults.beforeWrite();
      Optional<SourceEvent> item = get(p.proposal.item().id());
      if (item.isPresent() && p.proposal.kind() == Proposal.Kind.EDIT) {
        // Only the fields proposed, as the Directus adapter applies them.
        edit(item.get().id(), EventFields.take(item.get().event(), p.proposal.calendar().orElseThrow(),
            p.proposal.changes().stream().map(Proposal.FieldChange::field).toList()));
      } else if (item.isPresent()) {
        approve(item.get().id(), false);
      }
      p.carriedOut = true;
      lines.add("carried out: " + p.proposal.describe());
    }
    return lines;
  }

  @Override
  public synchronized void delete(SourceEvent current) {
    faults.beforeWrite();
    items.remove(Integer.valueOf(current.id()));
  }
}
