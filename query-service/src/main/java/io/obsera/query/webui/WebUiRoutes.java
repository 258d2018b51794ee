package io.obsera.query.webui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web UI (module {@code web-ui}, built into {@code webui/} on the class path): its files at
 * {@code /}, hashed bundles under {@code /assets/} cached for a year, and {@code index.html} for
 * every other page a browser asks for (the UI routes in the browser). API paths, status pages and
 * missing files keep their JSON 404. Without the bundle on the class path (a build that skipped it)
 * nothing is registered.
 */
public final class WebUiRoutes {
  /** Where the bundle lives on the class path. */
  public static final String DIRECTORY = "/webui";

  /**
   * Sent with every file of the UI: scripts and connections only from this origin, no framing, no
   * sniffing. Styles may be inline (charts set element styles).
   */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
              + " img-src 'self' data:; connect-src 'self'; font-src 'self';"
              + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "X-Frame-Options",
          "DENY",
          "Referrer-Policy",
          "same-origin");

  private final byte[] index;

  public WebUiRoutes() {
    this.index = read(DIRECTORY + "/index.html");
  }

  /** True when the bundle is on the class path. */
  public boolean present() {
    return index != null;
  }

  public void register(JavalinConfig cfg) {
    if (!present()) {
      return;
    }
    cfg.staticFiles.add(
        sf -> {
          sf.hostedPath = "/assets";
          sf.directory = DIRECTORY + "/assets";
          sf.location = Location.CLASSPATH;
          sf.headers = headers("public, max-age=31536000, immutable");
        });
    cfg.staticFiles.add(
        sf -> {
          sf.hostedPath = "/";
          sf.directory = DIRECTORY;
          sf.location = Location.CLASSPATH;
          sf.headers = headers("no-cache");
        });
    cfg.spaRoot.addHandler("/", this::page);
  }

  /** A page of the UI (index.html), or the usual 404 for API paths and missing files. */
  private void page(Context ctx) {
    if (!isPage(ctx.path())) {
      ctx.status(404);
      return;
    }
    headers("no-cache").forEach(ctx::header);
    ctx.contentType("text/html; charset=utf-8").result(index);
  }

  /** Whether a path that matched no route and no file is one of the UI's pages. */
  static boolean isPage(String path) {
    if (path.startsWith("/api/")
        || path.startsWith("/v1/")
        || path.startsWith("/status/")
        || path.startsWith("/assets/")) {
      return false;
    }
    // a top-level name with a dot is a file (favicon.ico, robots.txt); deeper ones may be names
    // in a page's path (/services/checkout.v2)
    return path.lastIndexOf('/') > 0 || !path.contains(".");
  }

  private static Map<String, String> headers(String cacheControl) {
    Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
    h.put("Cache-Control", cacheControl);
    return h;
  }

  private static byte[] read(String resource) {
    try (InputStream in = WebUiRoutes.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
