package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.UserRecord;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.tls.TlsFiles;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Query services with tenants, keys and users of each role, and an HTTP client that signs in. */
final class IdentityItServer {
  static final String PASSWORD = "correct horse battery";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A caller: a bearer token, or a session (cookie and CSRF token), or nobody. */
  record Caller(String name, String bearer, String session, String csrf) {
    static final Caller ANONYMOUS = new Caller("anonymous", null, null, null);
  }

  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String tenantA = "ida-" + suffix;
  final String tenantB = "idb-" + suffix;
  final String kafka;
  final String adminToken = "admin-token-identity-" + UUID.randomUUID();
  final String database;
  final QueryServer service;

  IdentityItServer() throws Exception {
    kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    database = TestClickHouse.createDatabase("identity");
    try (Client client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, database).migrate();
    }
    service = newServer();
  }

  QueryServer newServer() throws Exception {
    return newServer(IdentityConfig.defaults());
  }

  QueryServer newServer(IdentityConfig identity) throws Exception {
    return newServer(identity, Optional.empty(), Clock.systemUTC());
  }

  /** A query service whose sessions, invites and resets run on {@code controlClock}. */
  QueryServer newServer(IdentityConfig identity, Clock controlClock) throws Exception {
    return newServer(identity, Optional.empty(), controlClock);
  }

  /** A query service whose API port serves TLS with {@code tls}. */
  QueryServer newServer(IdentityConfig identity, Optional<TlsFiles> tls) throws Exception {
    return newServer(identity, tls, Clock.systemUTC());
  }

  /**
   * A query service whose API port serves TLS with {@code tls} (empty: plaintext) and whose
   * sessions, invites and resets run on {@code controlClock}.
   */
  QueryServer newServer(IdentityConfig identity, Optional<TlsFiles> tls, Clock controlClock)
      throws Exception {
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), database);
    return new QueryServer(
            new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    adminToken,
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust())
                .withTls(tls),
            null,
            controlClock,
            identity)
        .start();
  }

  /**
   * A query service whose SSRF rule allows {@code allowlist} (CIDR blocks, e.g. loopback for an
   * identity provider in the test) and whose GitHub URLs are {@code sso}'s.
   */
  QueryServer newSsoServer(String allowlist, SsoConfig sso) throws Exception {
    return newSsoServer(allowlist, sso, 0, IdentityConfig.defaults());
  }

  /** As above, on {@code port} (0: any free one) and with {@code identity} (e.g. a public URL). */
  QueryServer newSsoServer(String allowlist, SsoConfig sso, int port, IdentityConfig identity)
      throws Exception {
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), database);
    return new QueryServer(
            new QueryConfig(
                "127.0.0.1",
                port,
                kafka,
                ch,
                adminToken,
                "obsera-streams",
                Map.of(),
                null,
                null,
                null,
                TargetGuard.allowing(allowlist, "test"),
                null,
                TestControlKeys.trust()),
            null,
            Clock.systemUTC(),
            identity)
        .withSso(sso)
        .start();
  }

  String base(QueryServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  /**
   * A key of {@code tenant} with the query scope and {@code role} (null: a key from before roles).
   */
  String key(String tenant, Role role) throws Exception {
    String token = newKey(tenant, role);
    Caller c = new Caller("key", token, null, null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> call(service, "GET", "/api/v1/me", c, null).statusCode() == 200);
    return token;
  }

  private String newKey(String tenant, Role role) {
    if (role == null) {
      return TestTenants.createWithKey(kafka, tenant, Set.of(Scope.QUERY)).token();
    }
    ApiKeyToken token = ApiKeyToken.generate();
    try (ControlPlaneWriter w = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer())) {
      w.putApiKey(
          new ApiKeyRecord(
              token.keyId(),
              tenant,
              token.secretSha256(),
              Set.of(Scope.QUERY),
              "it",
              Instant.now(),
              null,
              "test",
              Set.of(),
              role));
    }
    return token.token();
  }

  /** A user with {@code role} in {@code tenant}; returns their email. */
  String user(String tenant, Role role) {
    String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    UserRecord u = service.identity().createUser(email, "Test " + role, PASSWORD, "test");
    service.identity().setRole(tenant, u.id(), role, "test");
    return email;
  }

  /** Signs in through the API on {@code s}. */
  Caller signIn(QueryServer s, String name, String email) throws Exception {
    HttpResponse<String> r =
        call(
            s,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    return sessionOf(name, r);
  }

  /** The caller holding the session a sign-in, switch or accepted invite answered with. */
  static Caller sessionOf(String name, HttpResponse<String> r) throws Exception {
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    JsonNode body = Json.MAPPER.readTree(r.body());
    return new Caller(name, null, token, body.get("csrfToken").asText());
  }

  HttpResponse<String> call(QueryServer s, String method, String path, Caller caller, String body)
      throws Exception {
    return call(s, method, path, caller, body, caller.csrf());
  }

  HttpResponse<String> call(
      QueryServer s, String method, String path, Caller caller, String body, String csrf)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(s) + path));
    if (caller.bearer() != null) {
      b.header("Authorization", "Bearer " + caller.bearer());
    }
    if (caller.session() != null) {
      b.header("Cookie", "obsera_session=" + caller.session());
    }
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
