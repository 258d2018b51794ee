package io.obsera.query.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import io.obsera.query.status.StatusPage.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Status pages. Managed with a query key: {@code PUT/GET/DELETE /api/v1/status-page}. Public, no
 * credentials: {@code /status/{slug}} (HTML), {@code .json}, {@code /badge.svg}, {@code /widget.js}
 * and {@code /embed} (for iframes). Every public response is cacheable for 30 s and carries an
 * ETag; the HTML forbids loading anything (CSP {@code default-src 'none'}), and only the embed may
 * be framed.
 */
public final class StatusPageRoutes {
  static final String CACHE = "public, max-age=30";
  static final String PAGE_CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";
  static final String EMBED_CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none';"
          + " form-action 'none'; frame-ancestors *";
  private static final Set<String> FIELDS = Set.of("slug", "title", "components", "public");
  private static final Set<String> READ_ONLY =
      Set.of("tenantId", "createdAt", "updatedAt", "actor");

  private final Auth auth;
  private final StatusPageStore store;
  private final StatusPages pages;

  public StatusPageRoutes(Auth auth, StatusPageStore store, StatusPages pages) {
    this.auth = auth;
    this.store = store;
    this.pages = pages;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.put("/api/v1/status-page", this::put);
    cfg.routes.get("/api/v1/status-page", this::get);
    cfg.routes.delete("/api/v1/status-page", this::delete);
    // The suffixed routes first: "{slug}" alone would match "x.json" too.
    cfg.routes.get("/status/{slug}.json", this::json);
    cfg.routes.get("/status/{slug}/badge.svg", this::badge);
    cfg.routes.get("/status/{slug}/widget.js", this::widget);
    cfg.routes.get("/status/{slug}/embed", this::embed);
    cfg.routes.get("/status/{slug}", this::html);
  }

  private void put(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    JsonNode pub = body.get("public");
    if (pub != null && !pub.isNull() && !pub.isBoolean()) {
      throw ApiException.badRequest("field 'public' must be true or false");
    }
    StatusPageSettings draft =
        new StatusPageSettings(
            null,
            JsonBodies.text(body, "slug"),
            JsonBodies.text(body, "title"),
            components(body.get("components")),
            pub == null || pub.isNull() ? null : pub.booleanValue(),
            null,
            null,
            null);
    ctx.json(store.put(key.tenantId(), draft, key.actor()));
  }

  private static List<String> components(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(
          "field 'components' must be an array of endpoint ids or service names");
    }
    List<String> out = new ArrayList<>();
    node.forEach(
        n -> {
          if (!n.isTextual()) {
            throw ApiException.badRequest("field 'components' must hold strings, got " + n);
          }
          out.add(n.asText());
        });
    return out;
  }

  private void get(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(
        store
            .get(tenant)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenant + " has no status page")));
  }

  private void delete(Context ctx) {
    store.delete(auth.tenant(ctx));
    ctx.status(204);
  }

  private StatusPage page(Context ctx) {
    String slug = ctx.pathParam("slug");
    StatusPageSettings settings =
        store.bySlug(slug).orElseThrow(() -> ApiException.notFound("no status page at " + slug));
    return pages.page(settings);
  }

  private void html(Context ctx) {
    String body = StatusPageHtml.page(page(ctx));
    ctx.header("Content-Security-Policy", PAGE_CSP).header("X-Frame-Options", "DENY");
    send(ctx, "text/html; charset=utf-8", body);
  }

  private void embed(Context ctx) {
    String body = StatusPageHtml.embed(page(ctx));
    ctx.header("Content-Security-Policy", EMBED_CSP);
    send(ctx, "text/html; charset=utf-8", body);
  }

  private void json(Context ctx) throws JsonProcessingException {
    String body = Json.MAPPER.writeValueAsString(page(ctx));
    ctx.header("Access-Control-Allow-Origin", "*");
    send(ctx, "application/json", body);
  }

  private void badge(Context ctx) {
    String body = StatusBadge.svg(Status.of(page(ctx).status()));
    ctx.header("Access-Control-Allow-Origin", "*")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    send(ctx, "image/svg+xml", body);
  }

  private void widget(Context ctx) {
    String slug = ctx.pathParam("slug");
    if (store.bySlug(slug).isEmpty()) {
      throw ApiException.notFound("no status page at " + slug);
    }
    send(ctx, "text/javascript; charset=utf-8", StatusWidget.SCRIPT);
  }

  /** The body with Cache-Control and a strong ETag; 304 when the client has it already. */
  private static void send(Context ctx, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String etag = "\"" + sha256(bytes) + "\"";
    ctx.header("Cache-Control", CACHE)
        .header("ETag", etag)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
    String match = ctx.header("If-None-Match");
    if (match != null && (match.equals(etag) || match.equals("W/" + etag))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(contentType).result(bytes);
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
