package org.eventsync.directus;

/**
 * Where calendar-side changes to published events go for moderation: a Directus collection of
 * proposals, each linked to its item ({@link DirectusSchema#ensureProposals} creates it).
 *
 * @param name the collection, e.g. {@code event_changes}
 * @param deleteItems what an accepted proposed deletion does: true deletes the item, false (the
 *     default) un-approves it, so that it leaves the calendar and stays in Directus
 */
public record ProposalsCollection(String name, boolean deleteItems) {

  public static final String DEFAULT_NAME = "event_changes";

  public ProposalsCollection {
    if (name == null || !name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "the proposals collection name must be letters, digits or _: " + name);
    }
  }
}
