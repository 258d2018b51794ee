package io.obsera.platform.crypto;

import io.obsera.model.control.EndpointDefinition;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seals the request header values of a monitored endpoint (they often carry the probed service's
 * credentials) the way {@link ChannelSealer} seals channel secrets: each value under {@code
 * OBSERA_SECRET_KEY}, bound to {@code tenant|endpointId|header:<name>}. Records written before
 * headers were sealed hold them in clear; {@link #open} and {@link #masked} read both forms.
 */
public final class EndpointSealer {
  /** What a header value looks like to anyone but a probe agent of the endpoint's regions. */
  public static final String MASK = "***";

  private final SecretBox box;

  public EndpointSealer(SecretBox box) {
    this.box = box;
  }

  /** The endpoint as stored: every header value sealed, none in clear (null when it has none). */
  public EndpointDefinition seal(EndpointDefinition e) {
    Map<String, String> sealed = new TreeMap<>();
    if (e.sealedHeaders() != null) {
      sealed.putAll(e.sealedHeaders());
    }
    if (e.headers() != null) {
      e.headers().forEach((name, value) -> sealed.put(name, box.seal(value, ad(e, name))));
    }
    return e.withHeaders(Map.of(), sealed.isEmpty() ? null : sealed);
  }

  /**
   * The endpoint with every header value in clear, for the probe agents. Throws {@link
   * IllegalArgumentException} when a value does not open (another key, altered or moved).
   */
  public EndpointDefinition open(EndpointDefinition e) {
    Map<String, String> clear = new TreeMap<>();
    if (e.headers() != null) {
      clear.putAll(e.headers());
    }
    if (e.sealedHeaders() != null) {
      e.sealedHeaders().forEach((name, value) -> clear.put(name, box.open(value, ad(e, name))));
    }
    return e.withHeaders(clear, null);
  }

  /**
   * The endpoint with every sealed header under the current key (a key rotation), or null when all
   * already are. Throws like {@link #open} when a value does not open.
   */
  public EndpointDefinition reseal(EndpointDefinition e) {
    if (e.sealedHeaders() == null || box.allCurrent(e.sealedHeaders().values())) {
      return null;
    }
    Map<String, String> sealed = new TreeMap<>();
    e.sealedHeaders().forEach((name, value) -> sealed.put(name, box.reseal(value, ad(e, name))));
    return e.withHeaders(e.headers(), sealed);
  }

  /** The endpoint as shown to tenants' keys: every header named, each value {@link #MASK}. */
  public static EndpointDefinition masked(EndpointDefinition e) {
    Map<String, String> masked = new TreeMap<>();
    if (e.headers() != null) {
      e.headers().keySet().forEach(name -> masked.put(name, MASK));
    }
    if (e.sealedHeaders() != null) {
      e.sealedHeaders().keySet().forEach(name -> masked.put(name, MASK));
    }
    return e.withHeaders(masked, null);
  }

  private static String ad(EndpointDefinition e, String header) {
    return e.tenantId() + "|" + e.id() + "|header:" + header;
  }
}
