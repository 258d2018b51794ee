package io.obsera.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.IdentityException;
import io.obsera.platform.control.ControlPlaneUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP responses: JSON {@code {error, message}}. */
public final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  public static void register(JavalinConfig cfg) {
    cfg.routes.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
          }
          write(ctx, e.status(), e.error(), e.getMessage());
        });
    cfg.routes.exception(
        IdentityException.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
          }
          if (e.kind() == IdentityException.Kind.MFA_REQUIRED) {
            ctx.status(401).json(mfaRequired(e.getMessage()));
          } else {
            write(ctx, e.kind().status(), e.kind().error(), e.getMessage());
          }
        });
    cfg.routes.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            write(
                ctx,
                400,
                "bad_request",
                "request body is not valid JSON: " + e.getOriginalMessage()));
    cfg.routes.exception(
        IllegalArgumentException.class, (e, ctx) -> write(ctx, 400, "bad_request", e.getMessage()));
    cfg.routes.exception(
        ControlPlaneUnavailableException.class,
        (e, ctx) -> write(ctx, 503, "unavailable", e.getMessage() + "; retry later"));
    cfg.routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, 500, "internal", "internal error; see the server log");
        });
    cfg.routes.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            write(ctx, 404, "not_found", "no route for " + ctx.method() + " " + ctx.path());
          }
        });
  }

  private static Map<String, Object> mfaRequired(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", IdentityException.Kind.MFA_REQUIRED.error());
    body.put("message", message);
    body.put("mfaRequired", true);
    return body;
  }

  static void write(Context ctx, int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    ctx.status(status).json(body);
  }
}
