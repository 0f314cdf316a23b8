package org.eventsync.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** The kinds of value a setting holds, each read from the sources and said wrong in one line. */
final class SettingValues {

  private SettingValues() {}

  /** An http(s) URL with a host; plain http only to this machine or with ALLOW_INSECURE_HTTP. */
  static URI url(SettingSources get, String name) {
    String text = get.required(name);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(name + " is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new ConfigException(name + " must be an http(s) URL with a host, e.g. https://example.org");
    }
    if ("http".equals(uri.getScheme()) && !loopback(uri.getHost())
        && !"true".equalsIgnoreCase(get.find("ALLOW_INSECURE_HTTP").orElse(""))) {
      throw new ConfigException(
          name + " uses plain http:// to " + uri.getHost() + ": credentials would travel in clear"
              + " text. Use https://, or set ALLOW_INSECURE_HTTP=true if you must");
    }
    return uri;
  }

  private static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  static boolean flag(SettingSources get, String name) {
    Optional<String> value = get.find(name);
    if (value.isEmpty()) {
      return false;
    }
    switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "1":
        return true;
      case "false": case "no": case "0":
        return false;
      default:
        throw new ConfigException(name + " must be true or false, not '" + value.get() + "'");
    }
  }

  static Duration duration(SettingSources get, String name, Duration fallback) {
    Optional<String> value = get.find(name);
    try {
      Duration d = value.map(Duration::parse).orElse(fallback);
      if (d.toMillis() < 1000) {
        throw new DateTimeParseException("shorter than a second", value.orElse(""), 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(name + " must be an ISO-8601 duration of at least a second, such"
          + " as PT1M or PT30S, not '" + value.orElse("") + "'");
    }
  }

  static int count(SettingSources get, String name, int fallback, int most) {
    Optional<String> value = get.find(name);
    try {
      int count = value.map(Integer::parseInt).orElse(fallback);
      if (count < 1 || count > most) {
        throw new NumberFormatException();
      }
      return count;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number from 1 to " + most + ", not '"
          + value.orElse("") + "'");
    }
  }

  static double share(SettingSources get, String name, double fallback) {
    Optional<String> value = get.find(name);
    try {
      double share = value.map(Double::parseDouble).orElse(fallback);
      if (share < 0 || share > 1) {
        throw new NumberFormatException();
      }
      return share;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a share between 0 and 1 such as 0.5, not '"
          + value.orElse("") + "'");
    }
  }

  /** An IANA zone; absent: this machine's. */
  static ZoneId zone(SettingSources get, String name) {
    Optional<String> value = get.find(name);
    try {
      return value.map(ZoneId::of).orElse(ZoneId.systemDefault());
    } catch (DateTimeException e) {
      throw new ConfigException(
          name + " '" + value.get() + "' is not a time zone; use an IANA name such as"
              + " Europe/Berlin");
    }
  }
}
