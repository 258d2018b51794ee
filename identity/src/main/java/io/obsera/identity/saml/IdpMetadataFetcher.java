package io.obsera.identity.saml;

import io.obsera.identity.IdentityException;
import io.obsera.identity.sso.SsoHttp;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads IdP metadata from the URL a tenant configured ({@code saml.idpMetadataUrl}) through the
 * SSRF-guarded SSO HTTP client, and keeps a metadata document that parsed for an hour, so a sign-in
 * does not wait for the IdP each time and a certificate rotation at the IdP is seen within the
 * hour. A failed read is not cached: the next sign-in tries again.
 */
public final class IdpMetadataFetcher {
  /** How long fetched metadata is used before it is read again. */
  public static final Duration TTL = Duration.ofHours(1);

  private static final int MAX_ENTRIES = 1000;

  private record Cached(String xml, Instant until) {}

  private final SsoHttp http;
  private final TargetGuard guard;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * Reads through {@code http}; {@code guard} (null: none) also checks the URL's host before the
   * call, which covers IP literals (OkHttp resolves those without asking its {@code Dns}).
   */
  public IdpMetadataFetcher(SsoHttp http, TargetGuard guard, Clock clock) {
    this.http = http;
    this.guard = guard;
    this.clock = clock;
  }

  /** The metadata XML at {@code url}; a 502 when it cannot be read or is not IdP metadata. */
  public String xml(String url) {
    Instant now = clock.instant();
    Cached c = cache.get(url);
    if (c != null && now.isBefore(c.until())) {
      return c.xml();
    }
    String host = URI.create(url).getHost();
    if (guard != null) {
      try {
        guard.resolve(host);
      } catch (RefusedTargetException e) {
        throw new IdentityException(
            IdentityException.Kind.BAD_GATEWAY,
            "the IdP metadata URL is refused: " + e.getMessage());
      }
    }
    SsoHttp.Answer a =
        http.get(url, Map.of("Accept", "application/samlmetadata+xml, application/xml, text/xml"));
    if (a.status() != 200) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the IdP metadata at " + host + " answered HTTP " + a.status());
    }
    try {
      IdpMetadata.parse(a.body());
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the document at " + host + " is not usable IdP metadata: " + e.getMessage());
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(url, new Cached(a.body(), now.plus(TTL)));
    return a.body();
  }
}
