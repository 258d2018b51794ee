package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.identity.IdentityConfig;
import io.obsera.model.control.Role;
import io.obsera.platform.tls.TlsFiles;
import io.obsera.query.QueryServer;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API port with {@code OBSERA_TLS_CERT}/{@code OBSERA_TLS_KEY} (a certificate made by keytool
 * in the test): TLS only, and the session cookie of a sign-in over it is {@code Secure}; without
 * TLS it is not.
 */
@ExtendWith(ObseraServersExtension.class)
class ApiTlsIT {
  @TempDir static Path dir;
  static IdentityItServer it;
  static SelfSignedCertificate cert;
  static QueryServer tlsService;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    cert = SelfSignedCertificate.create(dir);
    tlsService =
        it.newServer(
            IdentityConfig.defaults(),
            Optional.of(new TlsFiles(cert.certificate(), cert.privateKey())));
  }

  @AfterAll
  static void stop() {
    tlsService.close();
    it.service.close();
  }

  @Test
  void should_setASecureCookie_whenSigningInOverTls() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);

    HttpResponse<String> login = login(trustingClient(), "https", tlsService, email);

    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("obsera_session=")
        .contains("; Secure")
        .contains("; HttpOnly")
        .contains("SameSite=Lax");
  }

  @Test
  void should_refusePlainHttp_onTheTlsPort() {
    String email = it.user(it.tenantA, Role.VIEWER);

    assertThatThrownBy(() -> login(HttpClient.newHttpClient(), "http", tlsService, email))
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_setNoSecureFlag_whenSigningInOverPlainHttp() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);

    HttpResponse<String> login = login(HttpClient.newHttpClient(), "http", it.service, email);

    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
        .contains("; HttpOnly")
        .contains("SameSite=Lax")
        .doesNotContain("Secure");
  }

  private static HttpResponse<String> login(
      HttpClient client, String scheme, QueryServer s, String email) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(scheme + "://localhost:" + s.port() + "/api/v1/auth/login"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\""
                        + email
                        + "\",\"password\":\""
                        + IdentityItServer.PASSWORD
                        + "\"}"))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A client that trusts exactly the test's self-signed certificate. */
  private static HttpClient trustingClient() {
    return HttpClient.newBuilder().sslContext(cert.clientContext()).build();
  }
}
