package io.obsera.query.identity;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser for single sign-on tests: keeps cookies and follows redirects one by one (the query
 * service's start, the provider, the query service's callback) until the web UI or an error.
 */
final class SsoBrowser {
  private SsoBrowser() {}

  /** Where a browser ended: the last answer, and its cookies. */
  record Landing(HttpResponse<String> last, CookieManager cookies) {
    boolean signedIn() {
      return last.statusCode() == 302
          && last.headers().firstValue("Location").orElse("").equals(SsoLanding.AFTER_SIGN_IN);
    }

    /** The session cookie's value, or null. */
    String session() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("obsera_session"))
          .map(HttpCookie::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  /** Opens {@code start} and follows redirects (at most 5) until the web UI or another answer. */
  static Landing follow(URI start) throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    URI next = start;
    HttpResponse<String> r = null;
    for (int hop = 0; hop < 5; hop++) {
      r =
          browser.send(
              HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
      String location = r.headers().firstValue("Location").orElse(null);
      if (r.statusCode() != 302 || location == null || location.equals(SsoLanding.AFTER_SIGN_IN)) {
        break;
      }
      next = next.resolve(location);
    }
    return new Landing(r, cookies);
  }
}
