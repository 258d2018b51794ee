package io.obsera.model.alert.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation shared by the channel records; every message names the field. */
final class ChannelFields {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");

  private ChannelFields() {}

  static void id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "field 'id' must be 1-63 characters of a-z, 0-9, '-' and '_', got: " + id);
    }
  }

  static void secret(String field, String value, int minLength) {
    if (value == null || value.isBlank() || value.length() < minLength || value.length() > 1024) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be " + minLength + "-1024 characters");
    }
  }

  /** An absolute http(s) URL with a host, no user info, no fragment; returns it parsed. */
  static URI httpUrl(String field, String url) {
    return httpUrl(field, url, false);
  }

  /** Like {@link #httpUrl(String, String)}; {@code secretUrl}: the URL is not echoed back. */
  static URI httpUrl(String field, String url, boolean secretUrl) {
    String shown = secretUrl ? "(not shown)" : url;
    if (url == null || url.length() > 2048) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be an absolute http(s) URL, got: " + shown);
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be an absolute http(s) URL, got: " + shown);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || u.getHost() == null
        || u.getRawUserInfo() != null
        || u.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' must be an absolute http(s) URL with a host and no user info or fragment, got: "
              + shown);
    }
    return u;
  }

  /** {@code scheme://host:port} of a URL, the port made explicit. */
  static String origin(URI u) {
    int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost() + ":" + port;
  }

  static void host(String field, String host) {
    if (host == null || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a host name or IP address, got: " + host);
    }
  }

  static void email(String field, String address) {
    if (address == null || address.length() > 254 || !EMAIL.matcher(address).matches()) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be an e-mail address, got: " + address);
    }
  }

  /** 1-50 addresses, each checked by {@code check}. */
  static List<String> recipients(
      String field, List<String> to, java.util.function.BiConsumer<String, String> check) {
    if (to == null || to.isEmpty() || to.size() > 50) {
      throw new IllegalArgumentException("field '" + field + "' must hold 1-50 recipients");
    }
    for (String a : to) {
      check.accept(field, a);
    }
    return List.copyOf(to);
  }

  static void text(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException("field '" + field + "' must be 1-" + max + " characters");
    }
  }
}
