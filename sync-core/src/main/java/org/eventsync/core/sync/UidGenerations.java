package org.eventsync.core.sync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each publication of an item gets its own uid: {@code events-7@cms.directus}, then {@code
 * events-7.gen2@cms.directus}, {@code events-7.gen3@cms.directus}, and so on. Nextcloud keeps a
 * deleted object in its trash bin and, in many versions, refuses a new object with the same uid
 * (400) and a second deletion under the same file name (403, "...-deleted.ics already exists");
 * an item that is un-approved and approved again therefore comes back under its next uid. All
 * generations of a uid share one lineage.
 */
final class UidGenerations {

  private static final Pattern GENERATION = Pattern.compile("^(.*)\\.gen(\\d{1,9})(@[^@]*)?$");

  private UidGenerations() {}

  /** The uid of the next publication. */
  static String next(String uid) {
    Matcher m = GENERATION.matcher(uid);
    if (m.matches()) {
      return m.group(1) + ".gen" + (Integer.parseInt(m.group(2)) + 1) + suffix(m.group(3));
    }
    int at = uid.lastIndexOf('@');
    return at < 0 ? uid + ".gen2" : uid.substring(0, at) + ".gen2" + uid.substring(at);
  }

  /** The first generation's uid, shared by all later ones. */
  static String lineage(String uid) {
    Matcher m = GENERATION.matcher(uid);
    return m.matches() ? m.group(1) + suffix(m.group(3)) : uid;
  }

  private static String suffix(String group) {
    return group == null ? "" : group;
  }
}
