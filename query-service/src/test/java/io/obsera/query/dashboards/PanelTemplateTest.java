package io.obsera.query.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import io.obsera.query.api.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelTemplateTest {

  @Test
  void should_findTypedPlaceholders_inOrder() {
    assertThat(
            PanelTemplate.placeholders(
                "SELECT * FROM t WHERE s = {service:String} AND ts >= {from:DateTime64(9)}"
                    + " AND ts < { to : DateTime64(9) } AND s2 = {service:String}"))
        .containsExactly(
            Map.entry("service", "String"),
            Map.entry("from", "DateTime64(9)"),
            Map.entry("to", "DateTime64(9)"));
  }

  @Test
  void should_refuseAParameterWithTwoTypes() {
    assertThatThrownBy(() -> PanelTemplate.placeholders("SELECT {a:String}, {a:UInt8}"))
        .hasMessageContaining("'a'");
  }

  @Test
  void should_convertTimes_fromRfc3339AndUnixNanos_toUtcText() throws Exception {
    Map<String, String> declared = Map.of("from", "DateTime64(9)", "day", "Date", "at", "DateTime");

    Map<String, String> bound =
        PanelTemplate.bind(
            declared,
            Json.MAPPER.readTree(
                "{\"from\":\"1795687200123456789\",\"day\":\"2026-11-27\","
                    + "\"at\":\"2026-11-27T03:04:05+02:00\"}"));

    assertThat(bound)
        .containsEntry("from", "2026-11-26 10:00:00.123456789")
        .containsEntry("day", "2026-11-27")
        .containsEntry("at", "2026-11-27 01:04:05");
  }

  @Test
  void should_refuseMissingExtraAndMistypedValues_namingTheParameter() throws Exception {
    Map<String, String> declared = Map.of("n", "UInt8", "ok", "Bool", "id", "UUID");
    String valid = "\"ok\":true,\"id\":\"123e4567-e89b-12d3-a456-426614174000\"";

    assertThatThrownBy(() -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{" + valid + "}")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'n'")
        .hasMessageContaining("required");
    assertThatThrownBy(
            () -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":-1," + valid + "}")))
        .hasMessageContaining("'n' must be a UInt8");
    assertThatThrownBy(
            () ->
                PanelTemplate.bind(
                    declared, Json.MAPPER.readTree("{\"n\":1,\"x\":2," + valid + "}")))
        .hasMessageContaining("'x' is not declared");
    assertThatThrownBy(
            () -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":[1]," + valid + "}")))
        .hasMessageContaining("'n' must be a single value");
    assertThat(PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":7," + valid + "}")))
        .containsEntry("n", "7")
        .containsEntry("ok", "true");
  }

  @Test
  void should_refuseUnsupportedTypes_whenAPanelIsDeclared() {
    assertThatThrownBy(() -> new Panel("p", "t", "SELECT {m:Map(String, String)}", null))
        .hasMessageContaining("'m'")
        .hasMessageContaining("supported");
    assertThatThrownBy(() -> new Panel("p", "t", "SELECT {a:String}", Map.of("b", "String")))
        .hasMessageContaining("placeholders");
  }
}
