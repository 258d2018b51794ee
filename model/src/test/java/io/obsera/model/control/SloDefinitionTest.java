package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SloDefinitionTest {
  static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  static SloDefinition availability() {
    return new SloDefinition(
        "acme",
        "checkout-availability",
        "Checkout availability",
        SloKind.AVAILABILITY,
        "checkout",
        null,
        null,
        null,
        0.999,
        SloPeriod.ROLLING_30D,
        T,
        T,
        "test");
  }

  static SloDefinition latency(Double thresholdMs) {
    return new SloDefinition(
        "acme",
        "checkout-latency",
        "Checkout under 500 ms",
        SloKind.LATENCY,
        "checkout",
        "POST /checkout",
        "SERVER",
        thresholdMs,
        0.99,
        SloPeriod.CALENDAR_MONTH,
        T,
        T.plusSeconds(60),
        "test");
  }

  @Test
  void should_acceptValidDefinitions() {
    assertThat(availability().validate()).isEmpty();
    assertThat(latency(500.0).validate()).isEmpty();
    assertThat(availability().key()).isEqualTo("acme|checkout-availability");
  }

  @Test
  void should_nameTheField_whenObjectiveIsOutOfRange() {
    for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      SloDefinition s = withObjective(bad);
      assertThat(s.validate())
          .as("objective %s", bad)
          .singleElement()
          .asString()
          .startsWith("field 'objective' must be strictly between 0 and 1");
    }
  }

  @Test
  void should_requireAPositiveThreshold_forLatency_andRefuseOne_forAvailability() {
    assertThat(latency(null).validate())
        .containsExactly(
            "field 'thresholdMs' must be a positive number of milliseconds for LATENCY SLOs");
    assertThat(latency(0.0).validate()).hasSize(1);
    assertThat(latency(Double.POSITIVE_INFINITY).validate()).hasSize(1);
    SloDefinition a = availability();
    SloDefinition withThreshold =
        new SloDefinition(
            a.tenantId(),
            a.id(),
            a.name(),
            a.kind(),
            a.service(),
            null,
            null,
            250.0,
            a.objective(),
            a.period(),
            T,
            T,
            "t");
    assertThat(withThreshold.validate())
        .containsExactly("field 'thresholdMs' applies to LATENCY SLOs only");
  }

  @Test
  void should_listEveryProblem_eachNamingItsField() {
    SloDefinition bad =
        new SloDefinition(
            "Bad Tenant",
            "-x",
            " ",
            null,
            null,
            "",
            "SOMETIMES",
            null,
            0.999,
            null,
            T,
            T.minusSeconds(1),
            "t");
    assertThat(bad.validate())
        .hasSize(9)
        .anySatisfy(e -> assertThat(e).startsWith("field 'tenantId'"))
        .anySatisfy(e -> assertThat(e).startsWith("field 'id' must be 1-63 characters"))
        .anySatisfy(e -> assertThat(e).isEqualTo("field 'name' must not be blank"))
        .anySatisfy(e -> assertThat(e).startsWith("field 'kind' is required (AVAILABILITY,"))
        .anySatisfy(e -> assertThat(e).isEqualTo("field 'service' is required"))
        .anySatisfy(e -> assertThat(e).isEqualTo("field 'operation' must not be blank"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "field 'spanKind' must be one of [CLIENT, CONSUMER, INTERNAL, PRODUCER,"
                            + " SERVER], got: SOMETIMES"))
        .anySatisfy(e -> assertThat(e).startsWith("field 'period' is required"))
        .anySatisfy(
            e -> assertThat(e).isEqualTo("field 'updatedAt' must not be before 'createdAt'"));
    assertThatThrownBy(bad::requireValid)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'service' is required; ");
  }

  @Test
  void should_roundTripThroughJson() throws Exception {
    SloDefinition s = latency(500.0);
    byte[] json = Json.MAPPER.writeValueAsBytes(s);
    assertThat(Json.MAPPER.readValue(json, SloDefinition.class)).isEqualTo(s);
  }

  static SloDefinition uptime(String service, String endpointId) {
    return new SloDefinition(
        "acme",
        "api-uptime",
        "API uptime",
        SloKind.UPTIME,
        service,
        null,
        null,
        null,
        endpointId,
        0.999,
        SloPeriod.ROLLING_30D,
        T,
        T,
        "test");
  }

  @Test
  void should_requireAnEndpoint_forUptime_andOnlyThere() {
    assertThat(uptime(null, "api-health").validate()).isEmpty();
    assertThat(uptime("shop", "api-health").validate()).isEmpty();
    assertThat(uptime(null, null).validate())
        .containsExactly(
            "field 'endpointId' must be the id of a monitored endpoint for UPTIME SLOs");
    assertThat(uptime(null, "Bad Id").validate()).singleElement().asString().contains("endpointId");
    SloDefinition a = availability();
    SloDefinition availabilityWithEndpoint =
        new SloDefinition(
            a.tenantId(),
            a.id(),
            a.name(),
            a.kind(),
            a.service(),
            null,
            null,
            null,
            "api-health",
            a.objective(),
            a.period(),
            T,
            T,
            "t");
    assertThat(availabilityWithEndpoint.validate())
        .containsExactly("field 'endpointId' applies to UPTIME SLOs only");
    SloDefinition u = uptime(null, "api-health");
    SloDefinition uptimeWithSpanFields =
        new SloDefinition(
            u.tenantId(),
            u.id(),
            u.name(),
            u.kind(),
            null,
            "GET /",
            "SERVER",
            100.0,
            "api-health",
            u.objective(),
            u.period(),
            T,
            T,
            "t");
    assertThat(uptimeWithSpanFields.validate())
        .containsExactlyInAnyOrder(
            "field 'thresholdMs' applies to LATENCY SLOs only",
            "fields 'operation' and 'spanKind' apply to span SLOs, not UPTIME");
  }

  @Test
  void should_readRecordsWrittenBeforeUptimeSlos_withoutAnEndpoint() throws Exception {
    String old =
        "{\"tenantId\":\"acme\",\"id\":\"checkout\",\"name\":\"Checkout\","
            + "\"kind\":\"AVAILABILITY\",\"service\":\"checkout\",\"operation\":null,"
            + "\"spanKind\":\"SERVER\",\"thresholdMs\":null,\"objective\":0.999,"
            + "\"period\":\"ROLLING_30D\",\"createdAt\":\"2026-11-26T10:00:00Z\","
            + "\"updatedAt\":\"2026-11-26T10:00:00Z\",\"actor\":\"key:k1\"}";
    SloDefinition s = Json.MAPPER.readValue(old, SloDefinition.class);
    assertThat(s.endpointId()).isNull();
    assertThat(s.validate()).isEmpty();
    assertThat(s.spanKind()).isEqualTo("SERVER");
    SloDefinition u = uptime(null, "api-health");
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(u), SloDefinition.class))
        .isEqualTo(u);
  }

  @Test
  void should_startPeriods_atTheRightInstant() {
    Instant now = Instant.parse("2026-11-26T10:15:00Z");
    assertThat(SloPeriod.CALENDAR_MONTH.start(now))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(SloPeriod.ROLLING_28D.start(now)).isEqualTo(Instant.parse("2026-10-29T10:15:00Z"));
    assertThat(SloPeriod.ROLLING_30D.start(now)).isEqualTo(Instant.parse("2026-10-27T10:15:00Z"));
  }

  private static SloDefinition withObjective(double objective) {
    SloDefinition a = availability();
    return new SloDefinition(
        a.tenantId(),
        a.id(),
        a.name(),
        a.kind(),
        a.service(),
        a.operation(),
        a.spanKind(),
        a.thresholdMs(),
        objective,
        a.period(),
        a.createdAt(),
        a.updatedAt(),
        a.actor());
  }
}
