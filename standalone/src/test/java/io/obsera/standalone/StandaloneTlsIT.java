package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code OBSERA_TLS_CERT}/{@code OBSERA_TLS_KEY} the one-command runtime serves its API port
 * over TLS only, like the OTLP ports, and its banner and first-admin link say {@code https}.
 */
@ExtendWith(ObseraServersExtension.class)
class StandaloneTlsIT {
  @Test
  void should_serveTheApiOverTlsOnly_whenTheTlsVariablesAreSet() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("tls");
    SelfSignedCertificate cert =
        SelfSignedCertificate.create(Files.createTempDirectory(Path.of("target"), "tls-cert-"));
    env.put("OBSERA_TLS_CERT", cert.certificate().toString());
    env.put("OBSERA_TLS_KEY", cert.privateKey().toString());
    env.put("OBSERA_STANDALONE_PROBES", "none");
    StandaloneConfig config = StandaloneConfig.fromEnv(env);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (Standalone obsera = Standalone.start(config, out)) {
      URI health = URI.create("https://localhost:" + obsera.apiPort() + "/health");
      HttpClient trusting = HttpClient.newBuilder().sslContext(cert.clientContext()).build();
      await().atMost(Duration.ofSeconds(60)).until(() -> get(trusting, health).statusCode() == 200);
      assertThatThrownBy(
              () ->
                  get(
                      HttpClient.newHttpClient(),
                      URI.create("http://localhost:" + obsera.apiPort() + "/health")))
          .isInstanceOf(IOException.class);
      ReadyBanner.print(out, config, obsera);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("open https://127.0.0.1:" + obsera.apiPort() + "/invite/")
          .contains("API         https://127.0.0.1:" + obsera.apiPort())
          .contains("Admin API   https://127.0.0.1:" + obsera.apiPort());
    }
  }

  static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
