package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.TenantRecord;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /api/v1/channels}: list, get, create, replace and delete the notification channels of the
 * tenant of the request's query key; another tenant's channel is 404. Body: {@code {"id": optional,
 * "name": optional, "channel": {"type": "WEBHOOK", <that type's fields>}}}. Answers show every
 * secret as {@code "***"}; sending {@code "***"} back, or leaving a secret out, on a PUT keeps the
 * stored secret, unless the PUT changes the channel's destination (400 naming the secret). {@link
 * #operator} serves the same at {@code /api/v1/admin/operator/channels} for the admin token: the
 * channels of the reserved tenant {@code _operator}, where Obsera's own alerts go. {@code POST
 * /api/v1/channels/{id}/test} (editors) sends a test notification through the channel's real sender
 * ({@link ChannelTests}), throttled ({@link TestThrottle}).
 */
public final class ChannelRoutes {
  private static final Set<String> FIELDS = Set.of("id", "name", "channel");
  private static final Set<String> READ_ONLY =
      Set.of("tenantId", "type", "createdAt", "updatedAt", "actor");

  private final Function<Context, Principal> who;
  private final String path;
  private final ChannelAdmin channels;
  private final ChannelTests tests;

  public ChannelRoutes(Auth auth, ChannelAdmin channels, ChannelTests tests) {
    this(auth::principal, "/api/v1/channels", channels, tests);
  }

  private ChannelRoutes(
      Function<Context, Principal> who, String path, ChannelAdmin channels, ChannelTests tests) {
    this.who = who;
    this.path = path;
    this.channels = channels;
    this.tests = tests;
  }

  /** The operator's channels (the admin token is checked by {@code /api/v1/admin/*}). */
  public static ChannelRoutes operator(ChannelAdmin channels) {
    Principal operator = new Principal(TenantRecord.OPERATOR, null, "admin", null, null);
    return new ChannelRoutes(ctx -> operator, "/api/v1/admin/operator/channels", channels, null);
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get(path, this::list);
    cfg.routes.post(path, this::create);
    cfg.routes.get(path + "/{id}", this::get);
    cfg.routes.put(path + "/{id}", this::replace);
    cfg.routes.delete(path + "/{id}", this::delete);
    if (tests != null) {
      cfg.routes.post(path + "/{id}/test", this::test);
    }
  }

  private void list(Context ctx) {
    ctx.json(channels.list(who.apply(ctx).tenantId()).stream().map(ChannelAdmin::view).toList());
  }

  private void get(Context ctx) {
    ctx.json(ChannelAdmin.view(channels.get(who.apply(ctx).tenantId(), ctx.pathParam("id"))));
  }

  private void create(Context ctx) throws IOException {
    Principal key = who.apply(ctx);
    JsonNode body = body(ctx);
    ctx.status(201)
        .json(
            ChannelAdmin.view(
                channels.create(
                    key.tenantId(),
                    JsonBodies.text(body, "id"),
                    JsonBodies.text(body, "name"),
                    body.get("channel"),
                    key.actor())));
  }

  private void replace(Context ctx) throws IOException {
    Principal key = who.apply(ctx);
    JsonNode body = body(ctx);
    String id = ctx.pathParam("id");
    JsonBodies.requirePathId(JsonBodies.text(body, "id"), id, "channel");
    ctx.json(
        ChannelAdmin.view(
            channels.update(
                key.tenantId(),
                id,
                JsonBodies.text(body, "name"),
                body.get("channel"),
                key.actor())));
  }

  private void delete(Context ctx) {
    channels.delete(who.apply(ctx).tenantId(), ctx.pathParam("id"));
    ctx.status(204);
  }

  /** 200 with the delivery's end, or 202 when it has not ended within the wait. */
  private void test(Context ctx) {
    ChannelTests.Result r =
        tests.send(channels.get(who.apply(ctx).tenantId(), ctx.pathParam("id")));
    ctx.status("PENDING".equals(r.status()) ? 202 : 200).json(r);
  }

  private static JsonNode body(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    return body;
  }
}
