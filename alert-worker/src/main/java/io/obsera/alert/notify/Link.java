package io.obsera.alert.notify;

import java.net.URI;

/**
 * A link shown with a notification, e.g. a deep link into Obsera's trace or SLO view.
 *
 * @param title what the link shows (1-100 characters)
 * @param url an absolute http(s) URL
 */
public record Link(String title, String url) {
  public Link {
    if (title == null || title.isBlank() || title.length() > 100) {
      throw new IllegalArgumentException("field 'links[].title' must be 1-100 characters");
    }
    if (!isHttpUrl(url)) {
      throw new IllegalArgumentException(
          "field 'links[].url' must be an absolute http(s) URL, got: " + url);
    }
  }

  /** Whether {@code url} is an absolute http(s) URL of at most 2048 characters. */
  public static boolean isHttpUrl(String url) {
    if (url == null || url.length() > 2048) {
      return false;
    }
    try {
      URI u = new URI(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
