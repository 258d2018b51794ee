package io.obsera.query.identity;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Where a request really came from: its own connection, or what a trusted reverse proxy ({@code
 * OBSERA_TRUSTED_PROXIES}) says in {@code X-Forwarded-Proto} and {@code X-Forwarded-For}. Headers
 * from anyone else are ignored.
 */
final class ClientOrigin {
  private final Set<String> trustedProxies;

  ClientOrigin(Set<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** Whether the request came over TLS (to us, or to a trusted proxy in front of us). */
  boolean overTls(Context ctx) {
    if ("https".equals(ctx.scheme())) {
      return true;
    }
    String proto = ctx.header("X-Forwarded-Proto");
    return trusted(ctx) && proto != null && proto.strip().equalsIgnoreCase("https");
  }

  /** The client's address: the nearest hop a trusted proxy names, else the connection's peer. */
  String address(Context ctx) {
    String forwarded = ctx.header("X-Forwarded-For");
    if (!trusted(ctx) || forwarded == null || forwarded.isBlank()) {
      return ctx.ip();
    }
    String[] hops = forwarded.split(",");
    return hops[hops.length - 1].strip();
  }

  private boolean trusted(Context ctx) {
    return trustedProxies.contains(ctx.ip());
  }
}
