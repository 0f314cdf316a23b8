package org.eventsync.serve;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eventsync.core.sync.Action;

/**
 * The status page: one server-rendered HTML document with its style inline, no scripts and no
 * external assets, narrow enough for a phone. Every text from a run is escaped, control
 * characters included; no setting is shown but the moderation link.
 */
final class StatusPage {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  /** For the runs table: narrow enough for a phone; the year is on the page's other times. */
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#222}
      h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
      .state{padding:.6rem .8rem;border-radius:.4rem;font-weight:600}
      .ready{background:#e3f4e6}.unready{background:#fbe4e2}
      .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
      th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #ddd;white-space:nowrap}
      td.n,th.n{text-align:right}ul{padding-left:1.2rem}li{margin:.2rem 0;word-break:break-word}
      .muted{color:#666}
      """;

  private StatusPage() {}

  static String render(RunHistory history, Optional<Instant> nextPoll, Optional<URI> moderation,
      boolean hooksEnabled, Instant now) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"30\">")
        .append("<title>event-sync</title><style>").append(STYLE).append("</style></head><body>")
        .append("<h1>event-sync</h1>");

    Optional<String> notReady = history.notReady(now);
    h.append("<p id=\"state\" class=\"state ").append(notReady.isPresent() ? "unready" : "ready")
        .append("\">").append(notReady.map(r -> "Not ready: " + escape(r)).orElse("Ready: the last sync went through"))
        .append("</p><p>");
    h.append("Last good sync: <span id=\"last-sync\">")
        .append(history.lastSynced().map(r -> when(r.finished(), now)).orElse("none yet")).append("</span><br>");
    h.append("Next poll: <span id=\"next-poll\">")
        .append(nextPoll.map(t -> TIME.format(t.truncatedTo(ChronoUnit.SECONDS))).orElse("none: stopping"))
        .append("</span><br>");
    h.append("Hooks: ").append(hooksEnabled ? "on" : "off (no webhook secret set)").append("</p>");

    h.append("<h2>Awaiting moderation</h2><p id=\"awaiting\">");
    Optional<RunHistory.Awaiting> awaiting = history.awaiting();
    if (awaiting.isPresent()) {
      int n = awaiting.get().count();
      h.append("<strong>").append(n).append("</strong> ").append(n == 1 ? "item" : "items")
          .append(" not approved <span class=\"muted\">(as of ").append(when(awaiting.get().seen(), now))
          .append(")</span>");
    } else {
      h.append("not known yet: no run has listed the source since the start");
    }
    moderation.ifPresent(uri -> h.append("<br><a id=\"moderate\" href=\"").append(escape(uri.toString()))
        .append("\" rel=\"noreferrer\">Open the collection in Directus</a>"));
    h.append("</p>");

    h.append("<h2>Latest runs</h2><div class=\"scroll\"><table id=\"runs\"><thead><tr><th>finished (UTC)</th>")
        .append("<th>why</th><th>outcome</th><th class=\"n\">took</th><th class=\"n\">published</th>")
        .append("<th class=\"n\">updated</th><th class=\"n\">removed</th><th class=\"n\">imported</th>")
        .append("<th class=\"n\">source writes</th><th class=\"n\">failed</th></tr></thead><tbody>");
    List<RunHistory.Kept> runs = history.latest();
    if (runs.isEmpty()) {
      h.append("<tr><td colspan=\"10\">no run has finished yet</td></tr>");
    }
    for (RunHistory.Kept run : runs) {
      h.append("<tr><td>").append(SHORT.format(run.finished().truncatedTo(ChronoUnit.SECONDS)))
          .append("</td><td>").append(run.cause().word)
          .append("</td><td class=\"outcome\">").append(run.result().name().toLowerCase(Locale.ROOT))
          .append("</td><td class=\"n\">").append(took(run.took()));
      for (Action.Kind kind : List.of(Action.Kind.PUBLISH, Action.Kind.REPUBLISH, Action.Kind.UNPUBLISH,
          Action.Kind.IMPORT)) {
        h.append("</td><td class=\"n\">").append(run.done(kind));
      }
      h.append("</td><td class=\"n\">")
          .append(run.done(Action.Kind.UPDATE_SOURCE) + run.done(Action.Kind.DELETE_SOURCE));
      h.append("</td><td class=\"n\">").append(run.failed());
      h.append("</td></tr>");
    }
    h.append("</tbody></table></div>");

    h.append("<h2>Latest problems</h2>");
    Optional<RunHistory.Kept> troubled = history.latestWithProblems();
    if (troubled.isEmpty()) {
      h.append("<p id=\"problems\">none</p>");
    } else {
      RunHistory.Kept run = troubled.get();
      h.append("<p class=\"muted\">In the run that finished ")
          .append(TIME.format(run.finished().truncatedTo(ChronoUnit.SECONDS))).append(":</p>");
      h.append("<ul id=\"problems\">");
      run.problems().forEach(p -> h.append("<li>").append(escape(p)).append("</li>"));
      h.append("</ul>");
      if (run.problemCount() > run.problems().size()) {
        h.append("<p class=\"muted\">and ").append(run.problemCount() - run.problems().size())
            .append(" more in logs/sync.log</p>");
      }
    }
    h.append("<p class=\"muted\">Generated ").append(TIME.format(now.truncatedTo(ChronoUnit.SECONDS)))
        .append("; refreshes every 30 s.</p></body></html>");
    return h.toString();
  }

  private static String when(Instant t, Instant now) {
    long ago = Math.max(0, Duration.between(t, now).toSeconds());
    String age = ago < 120 ? ago + " s ago" : ago < 7200 ? ago / 60 + " min ago" : ago / 3600 + " h ago";
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS)) + " (" + age + ")";
  }

  private static String took(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** HTML-escapes {@code text}; control characters and lone surrogates show as U+FFFD. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
              || (Character.isSurrogate(c) && !pairedAt(text, i))) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean pairedAt(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
