package io.obsera.query.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.crypto.EndpointSealer;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Params;
import io.obsera.query.quota.Quotas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/probe/assignments?region=}: what a probe agent of that region checks, every
 * tenant's enabled endpoints probed from it, with their header values opened. Only for probe keys
 * bound to that region (other keys and other regions: 403). The answer carries an ETag of its
 * endpoints as stored; an agent polling with {@code If-None-Match} gets 304 while nothing changed.
 * No endpoint is assigned with an interval below its tenant's quota {@code minProbeIntervalMs},
 * also one stored before the quota was lowered.
 */
public final class ProbeRoutes {
  private final Auth auth;
  private final ControlPlaneView view;
  private final EndpointSealer sealer;
  private final Quotas quotas;
  private final Clock clock;

  public ProbeRoutes(
      Auth auth, ControlPlaneView view, EndpointSealer sealer, Quotas quotas, Clock clock) {
    this.auth = auth;
    this.view = view;
    this.sealer = sealer;
    this.quotas = quotas;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/probe/assignments", this::assignments);
  }

  private void assignments(Context ctx) throws IOException {
    ApiKeyRecord key = auth.probeKey(ctx);
    String region = Params.required(ctx, "region");
    if (!EndpointDefinition.validRegion(region)) {
      throw Params.bad(
          "region",
          "must be 1-32 characters of a-z, 0-9 and '-', starting with a letter or digit, got '"
              + region
              + "'");
    }
    if (!key.probesFrom(region)) {
      throw ApiException.forbidden(
          "probe key "
              + key.keyId()
              + " is bound to regions "
              + key.regions().stream().sorted().toList()
              + ", not '"
              + region
              + "'; the operator issues a probe key per set of regions (field 'regions')");
    }
    List<EndpointDefinition> endpoints = view.endpointsProbedFrom(region);
    String etag = etag(region, Json.MAPPER.writeValueAsBytes(endpoints));
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    if (matches(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("region", region);
    out.put("generatedAt", clock.instant());
    out.put("endpoints", endpoints.stream().map(this::opened).toList());
    ctx.json(out);
  }

  /**
   * The endpoint as its agents need it: header values in clear, nothing sealed, probed no more
   * often than its tenant's quota allows.
   */
  private ObjectNode opened(EndpointDefinition e) {
    ObjectNode node = Json.MAPPER.valueToTree(sealer.open(e));
    node.remove("sealedHeaders");
    node.put("intervalMs", quotas.probeInterval(e.tenantId(), e.intervalMs()));
    return node;
  }

  /** A strong ETag of the region's assignments: it changes when any endpoint of them changes. */
  static String etag(String region, byte[] endpointsJson) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(region.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(endpointsJson);
      return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether an If-None-Match header ({@code *}, or a list of ETags, maybe weak) names {@code etag}.
   */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String part : ifNoneMatch.split(",")) {
      String t = part.strip();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
