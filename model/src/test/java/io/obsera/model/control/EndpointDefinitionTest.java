package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointDefinitionTest {
  static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  /** Only the required fields; everything else from {@link EndpointDefinition#withDefaults()}. */
  static EndpointDefinition minimal(List<String> regions) {
    return new EndpointDefinition(
        "acme",
        "api-health",
        "API health",
        null,
        "https://api.example.com/health",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        regions,
        null,
        null,
        null,
        null,
        null,
        null,
        T,
        T,
        "test");
  }

  static EndpointDefinition with(String field, Object value) {
    Map<String, Object> m =
        Json.MAPPER.convertValue(minimal(List.of("eu-west", "us-east")).withDefaults(), Map.class);
    m.put(field, value);
    return Json.MAPPER.convertValue(m, EndpointDefinition.class);
  }

  @Test
  void should_fillDefaults() {
    EndpointDefinition e = minimal(List.of("eu-west", "us-east", "ap-south")).withDefaults();
    assertThat(e.validate()).isEmpty();
    assertThat(e.service()).isEqualTo("API health");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.headers()).isEmpty();
    assertThat(e.expectedStatus()).isEqualTo("200-299");
    assertThat(e.intervalMs()).isEqualTo(30_000L);
    assertThat(e.timeoutMs()).isEqualTo(10_000L);
    assertThat(e.quorum()).isEqualTo(2);
    assertThat(e.failureThreshold()).isEqualTo(2);
    assertThat(e.certExpiryWarnDays()).isEqualTo(14);
    assertThat(e.maintenanceWindows()).isEmpty();
    assertThat(e.enabled()).isTrue();
    assertThat(e.key()).isEqualTo("acme|api-health");
  }

  @Test
  void should_deriveQuorumAndTimeout_fromRegionsAndInterval() {
    assertThat(minimal(List.of("eu-west")).withDefaults().quorum()).isEqualTo(1);
    assertNamed(with("intervalMs", 2_000), "timeoutMs");
    EndpointDefinition draft =
        new EndpointDefinition(
            "acme",
            "fast",
            "Fast",
            null,
            "http://example.com/",
            "post",
            null,
            null,
            null,
            null,
            1_000L,
            null,
            List.of("eu-west"),
            null,
            null,
            null,
            null,
            null,
            null,
            T,
            T,
            "t");
    EndpointDefinition d = draft.withDefaults();
    assertThat(d.timeoutMs()).isEqualTo(1_000L);
    assertThat(d.method()).isEqualTo("POST");
    assertThat(d.validate()).isEmpty();
  }

  @Test
  void should_nameEachBadField() {
    assertNamed(with("id", "Bad Id!"), "id");
    assertNamed(with("tenantId", "bad tenant!"), "tenantId");
    assertNamed(with("name", " "), "name");
    assertNamed(with("url", "ftp://example.com/"), "url");
    assertNamed(with("url", "http:///nohost"), "url");
    assertNamed(with("url", "http://user:pw@example.com/"), "url");
    assertNamed(with("url", null), "url");
    assertNamed(with("method", "FETCH"), "method");
    assertNamed(with("headers", Map.of("Bad Header", "x")), "headers");
    assertNamed(with("headers", Map.of("X-Ok", "a\r\nInjected: 1")), "headers");
    assertNamed(with("expectedStatus", "2xx"), "expectedStatus");
    assertNamed(with("expectedStatus", "299-200"), "expectedStatus");
    assertNamed(with("expectedStatus", "99"), "expectedStatus");
    assertNamed(with("bodyMatch", ""), "bodyMatch");
    assertNamed(with("intervalMs", 999), "intervalMs");
    assertNamed(with("intervalMs", 3_600_001), "intervalMs");
    assertNamed(with("timeoutMs", 50), "timeoutMs");
    assertNamed(with("regions", List.of()), "regions");
    assertNamed(with("regions", List.of("EU West", "us-east")), "regions");
    assertNamed(with("regions", List.of("eu-west", "eu-west")), "regions");
    assertNamed(with("quorum", 3), "quorum");
    assertNamed(with("quorum", 0), "quorum");
    assertNamed(with("failureThreshold", 0), "failureThreshold");
    assertNamed(with("degradedLatencyMs", -5), "degradedLatencyMs");
    assertNamed(with("certExpiryWarnDays", 366), "certExpiryWarnDays");
    assertNamed(
        with(
            "maintenanceWindows",
            List.of(new MaintenanceWindow(T.plusSeconds(60), T, "backwards"))),
        "maintenanceWindows");
    assertNamed(with("updatedAt", T.minusSeconds(1)), "updatedAt");
  }

  @Test
  void should_reportEveryProblem_atOnce() {
    EndpointDefinition bad =
        new EndpointDefinition(
            "acme",
            "x",
            null,
            null,
            "gopher://x",
            "FETCH",
            Map.of(),
            null,
            "abc",
            null,
            10L,
            100_000L,
            List.of(),
            0,
            0,
            null,
            14,
            List.of(),
            true,
            T,
            T,
            "t");
    List<String> errors = bad.validate();
    for (String f :
        List.of(
            "name",
            "url",
            "method",
            "expectedStatus",
            "intervalMs",
            "timeoutMs",
            "regions",
            "quorum",
            "failureThreshold")) {
      assertThat(errors).as(f).anyMatch(e -> e.contains("field '" + f + "'"));
    }
    assertThatThrownBy(bad::requireValid)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'url'")
        .hasMessageContaining("field 'method'");
  }

  @Test
  void should_acceptStatusCodesAndRanges() {
    EndpointDefinition e = with("expectedStatus", "200, 301-302,404").withDefaults();
    assertThat(e.validate()).isEmpty();
    assertThat(e.statusAccepted(200)).isTrue();
    assertThat(e.statusAccepted(201)).isFalse();
    assertThat(e.statusAccepted(301)).isTrue();
    assertThat(e.statusAccepted(302)).isTrue();
    assertThat(e.statusAccepted(303)).isFalse();
    assertThat(e.statusAccepted(404)).isTrue();
    EndpointDefinition d = minimal(List.of("eu-west")).withDefaults();
    assertThat(d.statusAccepted(299)).isTrue();
    assertThat(d.statusAccepted(300)).isFalse();
    assertThat(d.statusAccepted(199)).isFalse();
  }

  @Test
  void should_knowItsMaintenanceWindows() {
    EndpointDefinition e =
        with(
            "maintenanceWindows",
            List.of(new MaintenanceWindow(T, T.plusSeconds(3600), "upgrade")));
    assertThat(e.inMaintenance(T)).isTrue();
    assertThat(e.inMaintenance(T.plusSeconds(3599))).isTrue();
    assertThat(e.inMaintenance(T.plusSeconds(3600))).isFalse();
    assertThat(e.inMaintenance(T.minusSeconds(1))).isFalse();
  }

  @Test
  void should_roundTripThroughJson() throws Exception {
    EndpointDefinition e = minimal(List.of("eu-west")).withDefaults();
    byte[] json = Json.MAPPER.writeValueAsBytes(e);
    assertThat(Json.MAPPER.readValue(json, EndpointDefinition.class)).isEqualTo(e);
  }

  private static void assertNamed(EndpointDefinition e, String field) {
    assertThat(e.validate())
        .as(field)
        .isNotEmpty()
        .allMatch(m -> m.contains("'" + field + "'"), "names field " + field);
  }
}
