package io.obsera.identity.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.obsera.identity.IdentityException;
import io.obsera.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sign-in with a GitHub OAuth app: the web application flow with state (and PKCE S256), then the
 * REST API with the user's token: {@code GET /user}, {@code GET /user/emails} (only the primary
 * email counts, and only when GitHub verified it), and, with an organisation configured, {@code GET
 * /user/memberships/orgs/{org}} (must be {@code active}) and {@code GET /user/teams} (teams of that
 * organisation become groups {@code org/team-slug}). Requests carry {@code Accept:
 * application/vnd.github+json}, {@code Authorization: Bearer <token>} and {@code
 * X-GitHub-Api-Version}, as GitHub documents.
 */
public final class GitHubClient {
  static final String API_VERSION = "2022-11-28";

  private final SsoHttp http;
  private final SsoConfig config;
  private final Clock clock;

  public GitHubClient(SsoHttp http, SsoConfig config, Clock clock) {
    this.http = http;
    this.config = config;
    this.clock = clock;
  }

  /** Where the browser goes to authorize the app, and the flow to keep until the callback. */
  public OidcClient.Start start(String tenant, SsoSettings.GitHub github, URI callback) {
    State state = new State();
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", github.clientId());
    q.put("redirect_uri", callback.toString());
    q.put("scope", github.org() == null ? "read:user user:email" : "read:user user:email read:org");
    q.put("state", state.getValue());
    q.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    q.put("code_challenge_method", "S256");
    q.put("allow_signup", "false");
    return new OidcClient.Start(
        URI.create(config.githubUrl() + "/login/oauth/authorize?" + form(q)),
        new SsoFlow(
            SsoSettings.GITHUB,
            tenant,
            state.getValue(),
            null,
            verifier.getValue(),
            clock.instant().plus(SsoFlow.TTL)));
  }

  /** Exchanges {@code code} for the user's token and reads who they are from the API. */
  public ExternalIdentity finish(
      SsoSettings.GitHub github, String clientSecret, URI callback, String code, SsoFlow flow) {
    if (code == null || code.isBlank()) {
      throw new IdentityException(
          IdentityException.Kind.BAD_REQUEST, "the callback brought no authorization code");
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", github.clientId());
    q.put("client_secret", clientSecret);
    q.put("code", code);
    q.put("redirect_uri", callback.toString());
    q.put("code_verifier", flow.codeVerifier());
    SsoHttp.Answer a =
        http.post(
            config.githubUrl() + "/login/oauth/access_token",
            Map.of("Accept", "application/json"),
            "application/x-www-form-urlencoded",
            form(q));
    JsonNode token = json(a, "the token exchange");
    if (a.status() != 200 || !token.hasNonNull("access_token")) {
      throw refused(
          "GitHub refused the authorization code: "
              + token.path("error").asText("status " + a.status()));
    }
    String accessToken = token.get("access_token").asText();
    JsonNode user = api(accessToken, "/user");
    String login = user.path("login").asText();
    String id = user.path("id").asText();
    if (login.isEmpty() || id.isEmpty()) {
      throw refused("GitHub's /user answer has no login or id");
    }
    JsonNode primary = null;
    for (JsonNode e : api(accessToken, "/user/emails")) {
      if (e.path("primary").asBoolean(false)) {
        primary = e;
      }
    }
    if (primary == null) {
      throw new IdentityException(
          IdentityException.Kind.FORBIDDEN,
          "the GitHub account " + login + " has no primary email");
    }
    List<String> groups = new ArrayList<>();
    if (github.org() != null) {
      requireOrgMember(accessToken, github.org(), login);
      for (JsonNode t : api(accessToken, "/user/teams?per_page=100")) {
        String org = t.path("organization").path("login").asText();
        if (org.equalsIgnoreCase(github.org())) {
          groups.add(org + "/" + t.path("slug").asText());
        }
      }
    }
    String name = user.path("name").asText(null);
    return new ExternalIdentity(
        SsoSettings.GITHUB,
        id,
        primary.path("email").asText(null),
        primary.path("verified").asBoolean(false),
        name == null || name.isBlank() ? login : name,
        groups);
  }

  private void requireOrgMember(String accessToken, String org, String login) {
    SsoHttp.Answer a =
        http.get(config.githubApiUrl() + "/user/memberships/orgs/" + org, headers(accessToken));
    String state =
        a.status() == 200 ? json(a, "the organisation membership").path("state").asText() : "";
    if (!state.equals("active")) {
      throw new IdentityException(
          IdentityException.Kind.FORBIDDEN,
          "the GitHub account "
              + login
              + " is not an active member of the organisation "
              + org
              + " (or did not grant the app access to it)");
    }
  }

  private JsonNode api(String accessToken, String path) {
    SsoHttp.Answer a = http.get(config.githubApiUrl() + path, headers(accessToken));
    if (a.status() != 200) {
      throw refused("GitHub's " + path.replaceAll("\\?.*", "") + " answered " + a.status());
    }
    return json(a, "GitHub's " + path);
  }

  private static Map<String, String> headers(String accessToken) {
    return Map.of(
        "Accept",
        "application/vnd.github+json",
        "Authorization",
        "Bearer " + accessToken,
        "X-GitHub-Api-Version",
        API_VERSION);
  }

  private static JsonNode json(SsoHttp.Answer a, String what) {
    try {
      return Json.MAPPER.readTree(a.body());
    } catch (IOException e) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          what + " did not answer JSON (status " + a.status() + ")");
    }
  }

  private static String form(Map<String, String> q) {
    return q.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static IdentityException refused(String message) {
    return new IdentityException(IdentityException.Kind.BAD_CREDENTIALS, message);
  }
}
