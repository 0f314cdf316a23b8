package org.eventsync.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key for what a time zone means rather than what it is called: a fixed offset for zones that
 * never change ({@code Etc/UTC}, {@code UTC}, {@code GMT} and {@code Z} are all {@code Z}), else
 * a fingerprint of the zone's transitions and rules (aliases such as {@code US/Eastern} and
 * {@code America/New_York} share one).
 */
final class ZoneRulesKey {

  private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

  private ZoneRulesKey() {}

  static String of(ZoneId zone) {
    return KEYS.computeIfAbsent(zone.getId(), id -> compute(zone));
  }

  private static String compute(ZoneId zone) {
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset()) {
      ZoneOffset offset = rules.getOffset(Instant.EPOCH);
      return offset.getId();
    }
    return "R" + Integer.toHexString((rules.getTransitions() + "|" + rules.getTransitionRules()).hashCode());
  }
}
