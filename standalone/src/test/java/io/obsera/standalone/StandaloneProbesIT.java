package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.probe.ProbeAgent;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Standalone runs three probe agents (eu-west, us-east, ap-south) with a PROBE key it issued,
 * pointed at its own API and ingest bridge.
 */
@ExtendWith(ObseraServersExtension.class)
class StandaloneProbesIT {

  @Test
  void should_runThreeProbeAgents_withAProbeKey() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("probes-it");
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (Standalone obsera =
        Standalone.start(StandaloneConfig.fromEnv(env), new PrintStream(banner, true))) {
      List<ProbeAgent> agents = obsera.probeAgents();
      assertThat(agents)
          .extracting(a -> a.config().region())
          .containsExactly("eu-west", "us-east", "ap-south");
      assertThat(agents)
          .extracting(a -> a.config().agentName())
          .containsExactly("standalone-eu-west", "standalone-us-east", "standalone-ap-south");
      assertThat(agents)
          .allSatisfy(
              a -> {
                assertThat(a.config().apiUrl().getPort()).isEqualTo(obsera.apiPort());
                assertThat(a.config().ingestUrl().getPort()).isEqualTo(obsera.otlpHttpPort());
              });
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains("probe agents: eu-west, us-east, ap-south");

      String probeKey =
          Files.readString(Path.of(env.get("OBSERA_DATA_DIR")).resolve("probe-key")).strip();
      assertThat(agents).allSatisfy(a -> assertThat(a.config().probeKey()).isEqualTo(probeKey));
      assertThat(probeKey).isNotEqualTo(obsera.apiKey());
      JsonNode keys =
          TestApi.json(
              TestApi.call(
                  "GET",
                  "http://127.0.0.1:" + obsera.apiPort() + "/api/v1/admin/tenants/default/keys",
                  obsera.adminToken(),
                  null));
      List<String> probeScoped = new ArrayList<>();
      for (JsonNode k : keys) {
        if (k.path("scopes").toString().contains("\"probe\"")) {
          probeScoped.add(k.path("keyId").asText());
        }
      }
      assertThat(probeScoped)
          .as("the probe-scoped keys of the (JVM-shared) default tenant: " + keys)
          .contains(ApiKeyToken.parse(probeKey).keyId());
      assertThat(keys.toString())
          .as("the agents' key has the PROBE scope only")
          .contains(
              "\"keyId\":\""
                  + ApiKeyToken.parse(probeKey).keyId()
                  + "\",\"tenantId\":\"default\",\"name\":\"standalone probe agents\","
                  + "\"scopes\":[\"probe\"]");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> agents.stream().allMatch(a -> a.assignments().polls() >= 1));
    }
  }
}
