package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Single sign-on against a real Keycloak (keycloak-quarkus-dist from Maven Central, unpacked by the
 * {@code interop} profile into target/keycloak), started in dev mode on free ports with a Java 21+
 * JDK of the machine (none: the class is skipped with the reason printed). The test configures it
 * through its admin REST API (a realm, an OIDC confidential client, a SAML client signing its
 * assertions, a group, users) and the tenant through {@code PUT /api/v1/sso}, then a browser-like
 * client (cookies, redirects one by one, Keycloak's login form and its auto-submitted SAML form)
 * signs in over real sockets and ends with an Obsera session.
 */
@ExtendWith(ObseraServersExtension.class)
class KeycloakInteropIT {
  static final String REALM = "obsera";
  static final String ADMIN = "kc-admin";
  static final String ADMIN_PASSWORD = "kc-admin-" + UUID.randomUUID();
  static final String USER_PASSWORD = "kc-user-" + UUID.randomUUID();
  static final String CLIENT_ID = "obsera";
  static final String CLIENT_SECRET = "kc-secret-" + UUID.randomUUID();
  static final String GROUP = "obsera-editors";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Process keycloak;
  static String kc;
  static IdentityItServer it;
  static QueryServer service;
  static String base;
  static String domain;

  @BeforeAll
  static void start() throws Exception {
    Path home = Path.of(System.getProperty("obsera.keycloak.home", "target/keycloak/none"));
    assertThat(home.resolve("bin/kc.sh"))
        .as("Keycloak is unpacked by the 'interop' profile (./obsera test-interop)")
        .exists();
    Optional<Path> java = javaHome(21);
    if (java.isEmpty()) {
      String reason =
          "KeycloakInteropIT skipped: Keycloak "
              + home.getFileName()
              + " needs Java 21+ and none was found (JAVA_HOME, this JVM, /usr/lib/jvm)";
      System.out.println(reason);
      Assumptions.assumeTrue(false, reason);
    }
    it = new IdentityItServer();
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    domain = "kc-" + it.suffix + ".example";
    // the query service: Keycloak is on loopback, allowed by the SSRF rule as an operator would
    service =
        it.newSsoServer(
            "127.0.0.0/8,::1/128",
            SsoConfig.defaults(),
            port,
            IdentityConfig.fromEnv(Map.of("OBSERA_PUBLIC_URL", base)));

    long t0 = System.nanoTime();
    kc = startKeycloak(home, java.get());
    long started = System.nanoTime();
    System.out.printf(
        "KeycloakInteropIT: Keycloak %s started in %d ms (Java %s)%n",
        home.getFileName(), (started - t0) / 1_000_000, java.get());

    String token = adminToken();
    configureKeycloak(token);
    String descriptor = get(kc + "/realms/" + REALM + "/protocol/saml/descriptor").body();
    System.out.printf(
        "KeycloakInteropIT: realm, clients and group configured in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);

    Caller admin = new Caller("admin key", it.key(it.tenantA, Role.ADMIN), null, null);
    Map<String, Object> sso = new LinkedHashMap<>();
    sso.put(
        "oidc",
        Map.of(
            "issuer",
            kc + "/realms/" + REALM,
            "clientId",
            CLIENT_ID,
            "clientSecret",
            CLIENT_SECRET));
    sso.put("saml", Map.of("idpMetadataXml", descriptor));
    sso.put("allowedEmailDomains", List.of(domain));
    sso.put("jitProvisioning", true);
    sso.put("defaultRole", "VIEWER");
    sso.put("groupRoleMappings", Map.of(GROUP, "EDITOR"));
    HttpResponse<String> put =
        it.call(service, "PUT", "/api/v1/sso", admin, Json.MAPPER.writeValueAsString(sso));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (it != null) {
      it.service.close();
    }
    if (keycloak != null) {
      List<ProcessHandle> tree = keycloak.descendants().collect(Collectors.toList());
      tree.forEach(ProcessHandle::destroy);
      keycloak.destroy();
      if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        keycloak.destroyForcibly().waitFor();
      }
      tree.forEach(p -> p.onExit().join());
    }
  }

  @Test
  void oidc_should_signInAVerifiedKeycloakUser_withTheRoleOfTheirGroup() throws Exception {
    String email = keycloakUser("oidc-" + it.suffix, true, true);

    Browser b = signIn("oidc", email);

    assertSignedIn(b, email, "EDITOR");
    assertThat(b.requests)
        .contains(
            "GET " + kc + "/realms/" + REALM + "/protocol/openid-connect/auth",
            "POST " + kc + "/realms/" + REALM + "/login-actions/authenticate",
            "GET " + base + "/api/v1/auth/oidc/callback");
  }

  @Test
  void oidc_should_refuseAKeycloakUserWhoseEmailIsNotVerified_andCreateNothing() throws Exception {
    String email = keycloakUser("unverified-" + it.suffix, false, true);

    Browser b = signIn("oidc", email);

    assertRefused(b, "/api/v1/auth/oidc/callback", "not verified", email);
  }

  @Test
  void saml_should_signInAKeycloakUser_throughTheAutoPostedSignedAssertion() throws Exception {
    String email = keycloakUser("saml-" + it.suffix, true, true);

    Browser b = signIn("saml", email);

    assertSignedIn(b, email, "EDITOR");
    assertThat(b.requests)
        .contains(
            "GET " + kc + "/realms/" + REALM + "/protocol/saml",
            "POST " + kc + "/realms/" + REALM + "/login-actions/authenticate",
            "POST " + base + "/api/v1/auth/saml/" + it.tenantA + "/acs");
  }

  @Test
  void saml_should_refuseAKeycloakUserOfADomainTheTenantDoesNotAllow_andCreateNothing()
      throws Exception {
    String email = keycloakUser("stranger-" + it.suffix, true, false);

    Browser b = signIn("saml", email);

    assertRefused(b, "/api/v1/auth/saml/" + it.tenantA + "/acs", "has no invite", email);
  }

  /** A new browser signing in with {@code provider} (oidc, saml) as {@code email}; timed. */
  static Browser signIn(String provider, String email) throws Exception {
    long t0 = System.nanoTime();
    Browser b = new Browser();
    b.signIn(URI.create(base + "/api/v1/auth/" + provider + "/" + it.tenantA + "/start"), email);
    System.out.printf(
        "KeycloakInteropIT: %s sign-in of %s (%d requests: start, Keycloak's login form, back to"
            + " Obsera) answered %d in %d ms%n",
        provider,
        email,
        b.requests.size(),
        b.last.statusCode(),
        (System.nanoTime() - t0) / 1_000_000);
    return b;
  }

  private static void assertSignedIn(Browser b, String email, String role) throws Exception {
    HttpResponse<String> last = b.last;
    assertThat(last.statusCode()).as(last.uri() + " " + last.body()).isEqualTo(302);
    assertThat(last.headers().firstValue("Location")).hasValue(SsoLanding.AFTER_SIGN_IN);
    String session = b.cookie("obsera_session");
    assertThat(session).isNotNull();
    HttpResponse<String> me =
        it.call(service, "GET", "/api/v1/me", new Caller("kc", null, session, null), null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(me.body());
    assertThat(body.path("user").path("email").asText()).isEqualTo(email);
    assertThat(body.path("role").asText()).isEqualTo(role);
    assertThat(body.path("tenant").asText()).isEqualTo(it.tenantA);
  }

  /** Keycloak signed the person in; Obsera refused at {@code path} and created nothing. */
  private static void assertRefused(Browser b, String path, String reason, String email) {
    HttpResponse<String> last = b.last;
    assertThat(last.statusCode()).as(last.uri() + " " + last.body()).isEqualTo(403);
    assertThat(last.body()).contains(reason);
    assertThat(last.uri().getPath()).isEqualTo(path);
    assertThat(b.cookie("obsera_session")).isNull();
    assertThat(service.identity().directory().userByEmail(email)).isEmpty();
  }

  /**
   * A browser: keeps cookies, follows redirects one by one, fills in Keycloak's login form and
   * submits forms that would submit themselves (the SAML HTTP-POST binding), until an answer that
   * is none of these (the query service's landing or an error).
   */
  static final class Browser {
    final LoopbackCookies cookies = new LoopbackCookies();

    /** Every request made, as "METHOD url" (query strings left out). */
    final List<String> requests = new ArrayList<>();

    /** The answer the sign-in ended with. */
    HttpResponse<String> last;

    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> send(HttpRequest request) throws Exception {
      URI u = request.uri();
      requests.add(request.method() + " " + u.getScheme() + "://" + u.getAuthority() + u.getPath());
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    void signIn(URI start, String username) throws Exception {
      HttpResponse<String> r = send(HttpRequest.newBuilder(start).GET().build());
      for (int hop = 0; hop < 12; hop++) {
        String location = r.headers().firstValue("Location").orElse(null);
        if (r.statusCode() / 100 == 3 && location != null) {
          if (location.equals(SsoLanding.AFTER_SIGN_IN)) {
            break;
          }
          r = send(HttpRequest.newBuilder(r.uri().resolve(location)).GET().build());
          continue;
        }
        Element form =
            r.statusCode() == 200
                ? Jsoup.parse(r.body(), r.uri().toString()).selectFirst("form[action]")
                : null;
        if (form == null) {
          break;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
          fields.put(input.attr("name"), input.attr("value"));
        }
        if (fields.containsKey("password")) {
          fields.put("username", username);
          fields.put("password", USER_PASSWORD);
        }
        r =
            send(
                HttpRequest.newBuilder(URI.create(form.absUrl("action")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(fields)))
                    .build());
      }
      last = r;
    }

    String cookie(String name) {
      return cookies.jar.values().stream()
          .filter(c -> c.name().equals(name))
          .map(Cookie::value)
          .findFirst()
          .orElse(null);
    }
  }

  record Cookie(String host, String path, String name, String value) {}

  /**
   * Cookies as a browser keeps them for a loopback address: by host and path (any port), and {@code
   * Secure} ones sent over plain HTTP too, since browsers count http://127.0.0.1 as a secure
   * context (Keycloak marks its login-session cookies {@code Secure; SameSite=None}; the JDK's
   * CookieManager would drop them over HTTP).
   */
  static final class LoopbackCookies extends CookieHandler {
    final Map<String, Cookie> jar = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String header =
          jar.values().stream()
              .filter(c -> c.host().equals(uri.getHost()) && path.startsWith(c.path()))
              .map(c -> c.name() + "=" + c.value())
              .collect(Collectors.joining("; "));
      return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
      for (String setCookie :
          responseHeaders.entrySet().stream()
              .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("Set-Cookie"))
              .flatMap(e -> e.getValue().stream())
              .collect(Collectors.toList())) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        String path = "/";
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
          String[] a = parts[i].strip().split("=", 2);
          String attr = a[0].toLowerCase(Locale.ROOT);
          if (attr.equals("path") && a.length == 2) {
            path = a[1].strip();
          } else if (attr.equals("max-age") && a.length == 2) {
            expired = Long.parseLong(a[1].strip()) <= 0;
          } else if (attr.equals("expires") && a.length == 2 && a[1].contains("1970")) {
            expired = true;
          }
        }
        String key = uri.getHost() + "|" + path + "|" + name;
        if (expired) {
          jar.remove(key);
        } else {
          jar.put(key, new Cookie(uri.getHost(), path, name, value));
        }
      }
    }
  }

  // --- Keycloak: the process and its admin REST API ---

  /** Starts Keycloak in dev mode on two free ports; returns its base URL once it answers. */
  static String startKeycloak(Path home, Path javaHome) throws Exception {
    int http = freePort();
    int management = freePort();
    Path log = Path.of("target", "keycloak-" + http + ".log").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + http,
                "--http-management-port=" + management,
                // in memory: each run starts from an empty Keycloak (the unpacked dir is reused)
                "--db=dev-mem",
                "--cache=local")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    keycloak = pb.start();
    String url = "http://127.0.0.1:" + http;
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    while (System.nanoTime() < deadline) {
      if (!keycloak.isAlive()) {
        throw new AssertionError("Keycloak exited with " + keycloak.exitValue() + ", see " + log);
      }
      try {
        if (get(url + "/realms/master").statusCode() == 200) {
          return url;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Keycloak did not answer within 6 minutes, see " + log);
  }

  static String adminToken() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(kc + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        formBody(
                            Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                ADMIN,
                                "password",
                                ADMIN_PASSWORD))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).path("access_token").asText();
  }

  static String adminTokenValue;

  /** The realm, the OIDC and SAML clients (with group mappers) and the group. */
  static void configureKeycloak(String token) throws Exception {
    adminTokenValue = token;
    admin(
        "POST",
        "/admin/realms",
        Map.of("realm", REALM, "enabled", true, "sslRequired", "none", "verifyEmail", false));
    admin(
        "POST",
        "/admin/realms/" + REALM + "/clients",
        Map.of(
            "clientId",
            CLIENT_ID,
            "protocol",
            "openid-connect",
            "publicClient",
            false,
            "clientAuthenticatorType",
            "client-secret",
            "secret",
            CLIENT_SECRET,
            "standardFlowEnabled",
            true,
            "directAccessGrantsEnabled",
            false,
            "redirectUris",
            List.of(base + "/api/v1/auth/oidc/callback"),
            "attributes",
            Map.of("pkce.code.challenge.method", "S256"),
            "protocolMappers",
            List.of(
                Map.of(
                    "name", "groups",
                    "protocol", "openid-connect",
                    "protocolMapper", "oidc-group-membership-mapper",
                    "config",
                        Map.of(
                            "claim.name", "groups",
                            "full.path", "false",
                            "id.token.claim", "true",
                            "access.token.claim", "true",
                            "userinfo.token.claim", "true")))));
    String acs = base + "/api/v1/auth/saml/" + it.tenantA + "/acs";
    Map<String, Object> samlAttributes = new LinkedHashMap<>();
    samlAttributes.put("saml.assertion.signature", "true");
    samlAttributes.put("saml.server.signature", "false");
    samlAttributes.put("saml.client.signature", "false");
    samlAttributes.put("saml.signature.algorithm", "RSA_SHA256");
    samlAttributes.put("saml.authnstatement", "true");
    samlAttributes.put("saml_name_id_format", "email");
    samlAttributes.put("saml.force.name.id.format", "true");
    samlAttributes.put("saml.force.post.binding", "true");
    samlAttributes.put("saml_assertion_consumer_url_post", acs);
    admin(
        "POST",
        "/admin/realms/" + REALM + "/clients",
        Map.of(
            "clientId",
            base + "/api/v1/auth/saml/" + it.tenantA + "/metadata",
            "protocol",
            "saml",
            "redirectUris",
            List.of(acs),
            "attributes",
            samlAttributes,
            "protocolMappers",
            List.of(
                Map.of(
                    "name", "groups",
                    "protocol", "saml",
                    "protocolMapper", "saml-group-membership-mapper",
                    "config",
                        Map.of(
                            "attribute.name", "groups",
                            "attribute.nameformat", "Basic",
                            "full.path", "false",
                            "single", "false")))));
    admin("POST", "/admin/realms/" + REALM + "/groups", Map.of("name", GROUP));
  }

  /**
   * A Keycloak user of the realm, in the mapped group, with the password {@link #USER_PASSWORD};
   * its email is of the tenant's allowed domain or not. Returns the email (also its username).
   */
  static String keycloakUser(String name, boolean emailVerified, boolean allowedDomain)
      throws Exception {
    String email =
        name
            + "-"
            + UUID.randomUUID().toString().substring(0, 6)
            + "@"
            + (allowedDomain ? domain : "elsewhere.example");
    HttpResponse<String> created =
        admin(
            "POST",
            "/admin/realms/" + REALM + "/users",
            Map.of(
                "username", email,
                "email", email,
                "emailVerified", emailVerified,
                "enabled", true,
                "firstName", "Kc",
                "lastName", name,
                "credentials",
                    List.of(
                        Map.of("type", "password", "value", USER_PASSWORD, "temporary", false))));
    String location = created.headers().firstValue("Location").orElseThrow();
    String userId = location.substring(location.lastIndexOf('/') + 1);
    JsonNode groups =
        Json.MAPPER.readTree(
            admin("GET", "/admin/realms/" + REALM + "/groups?search=" + GROUP, null).body());
    String groupId = groups.get(0).path("id").asText();
    admin("PUT", "/admin/realms/" + REALM + "/users/" + userId + "/groups/" + groupId, null);
    return email;
  }

  static HttpResponse<String> admin(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(kc + path))
            .header("Authorization", "Bearer " + adminTokenValue)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r;
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A JDK of at least {@code major}: JAVA_HOME, this JVM, then /usr/lib/jvm, newest first. */
  static Optional<Path> javaHome(int major) throws IOException {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
    candidates.add(Path.of(System.getProperty("java.home")));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.sorted((a, b) -> Integer.compare(major(b), major(a))).forEach(candidates::add);
      }
    }
    return candidates.stream()
        .filter(p -> Files.isExecutable(p.resolve("bin/java")) && major(p) >= major)
        .findFirst();
  }

  /** The feature version in a JDK's {@code release} file, or 0. */
  static int major(Path javaHome) {
    Path release = javaHome.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    try (var in = Files.newInputStream(release)) {
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
      return Integer.parseInt(v.split("[.+-]")[0]);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** {@code fields} as application/x-www-form-urlencoded. */
  static String formBody(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
