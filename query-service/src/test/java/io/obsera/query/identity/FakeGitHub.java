package io.obsera.query.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local server answering as GitHub documents its OAuth web application flow ({@code
 * /login/oauth/authorize} redirects back with {@code code} and {@code state}; {@code
 * /login/oauth/access_token} answers JSON only to {@code Accept: application/json}, checks the
 * client secret, the redirect URI and the PKCE verifier) and its REST API under {@code /api}
 * ({@code /user}, {@code /user/emails}, {@code /user/memberships/orgs/{org}}, {@code /user/teams}),
 * which needs {@code Authorization: Bearer <token>} and {@code Accept: application/vnd.github+json}
 * (401 or 415-like refusals otherwise). Who signs in next is {@link #next}.
 */
final class FakeGitHub implements AutoCloseable {
  /** A verified or unverified, primary or secondary address of the account. */
  record Email(String email, boolean primary, boolean verified) {}

  /** The account that authorizes the app next. */
  record Account(
      long id, String login, List<Email> emails, List<String> orgs, List<String> teams) {}

  private record Grant(Account account, String challenge, String redirectUri) {}

  final String clientId = "gh-client-" + UUID.randomUUID();
  final String clientSecret = "gh-secret-" + UUID.randomUUID();
  volatile Account next;
  private final HttpServer server;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Account> tokens = new ConcurrentHashMap<>();

  FakeGitHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/login/oauth/authorize", this::authorize);
    server.createContext("/login/oauth/access_token", this::accessToken);
    server.createContext("/api/", this::api);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = form(x.getRequestURI().getRawQuery());
    if (!clientId.equals(q.get("client_id")) || !"S256".equals(q.get("code_challenge_method"))) {
      send(x, 400, "{\"error\":\"bad request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(next, q.get("code_challenge"), q.get("redirect_uri")));
    x.getResponseHeaders()
        .add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void accessToken(HttpExchange x) throws IOException {
    Map<String, String> f =
        form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!"POST".equals(x.getRequestMethod())
        || !"application/json".equals(x.getRequestHeaders().getFirst("Accept"))) {
      send(x, 406, "{\"error\":\"not acceptable\"}");
      return;
    }
    Grant g = codes.remove(f.getOrDefault("code", ""));
    boolean ok =
        g != null
            && clientId.equals(f.get("client_id"))
            && clientSecret.equals(f.get("client_secret"))
            && g.redirectUri().equals(f.get("redirect_uri"))
            && g.challenge()
                .equals(
                    CodeChallenge.compute(
                            CodeChallengeMethod.S256, new CodeVerifier(f.get("code_verifier")))
                        .getValue());
    if (!ok) {
      // GitHub answers errors of this endpoint with 200 and an error field
      send(x, 200, "{\"error\":\"bad_verification_code\",\"error_description\":\"incorrect\"}");
      return;
    }
    String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, g.account());
    send(
        x,
        200,
        "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:user\"}");
  }

  private void api(HttpExchange x) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    Account a = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
    if (a == null) {
      send(x, 401, "{\"message\":\"Requires authentication\"}");
      return;
    }
    if (!"application/vnd.github+json".equals(x.getRequestHeaders().getFirst("Accept"))) {
      send(x, 415, "{\"message\":\"Unsupported 'Accept' header\"}");
      return;
    }
    String path = x.getRequestURI().getPath().substring("/api".length());
    if (path.equals("/user")) {
      ObjectNode u = Json.MAPPER.createObjectNode();
      u.put("login", a.login()).put("id", a.id()).put("name", a.login() + " Name");
      u.putNull("email");
      send(x, 200, u.toString());
    } else if (path.equals("/user/emails")) {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (Email e : a.emails()) {
        list.addObject()
            .put("email", e.email())
            .put("primary", e.primary())
            .put("verified", e.verified())
            .put("visibility", e.primary() ? "private" : null);
      }
      send(x, 200, list.toString());
    } else if (path.startsWith("/user/memberships/orgs/")) {
      String org = path.substring("/user/memberships/orgs/".length());
      if (a.orgs().contains(org)) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("state", "active").put("role", "member");
        m.putObject("organization").put("login", org);
        send(x, 200, m.toString());
      } else {
        send(x, 404, "{\"message\":\"Not Found\"}");
      }
    } else if (path.equals("/user/teams")) {
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (String t : a.teams()) {
        ObjectNode team = list.addObject();
        team.put("slug", t.substring(t.indexOf('/') + 1));
        team.putObject("organization").put("login", t.substring(0, t.indexOf('/')));
      }
      send(x, 200, list.toString());
    } else {
      send(x, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
