package io.obsera.query.openapi;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json} and {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.1
 * document of every route ({@code openapi.json} beside this class), served without credentials.
 */
public final class OpenApiRoutes {
  /** Where the document lives on the class path. */
  public static final String RESOURCE = "/io/obsera/query/openapi/openapi.json";

  private final byte[] document;

  public OpenApiRoutes() {
    this.document = document();
  }

  /** The document's bytes. */
  public static byte[] document() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/openapi.json", this::serve);
    cfg.routes.get("/api/v1/openapi.json", this::serve);
  }

  private void serve(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}
