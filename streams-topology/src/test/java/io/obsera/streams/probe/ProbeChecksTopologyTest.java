package io.obsera.streams.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.streams.StreamsParts;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Probe spans to health checks, and the endpoint global store (see {@link ProbeDriverFixture}). */
class ProbeChecksTopologyTest extends ProbeDriverFixture {
  @Test
  void should_turnAProbeSpan_intoAHealthCheck_ofTheRecordsTenant() {
    // A resource attribute naming another tenant does not decide: the record's key does.
    Span span =
        probeSpan("api", CheckOutcome.DOWN, at(5)).toBuilder()
            .addAttributes(attr(ProbeAttributes.DNS_MS, dbl(1.5)))
            .addAttributes(attr(ProbeAttributes.BODY_MATCHED, boolValue(false)))
            .addAttributes(
                attr(
                    ProbeAttributes.CERT_EXPIRES_AT,
                    io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                        .setIntValue(at(86_400).getEpochSecond())))
            .build();
    ExportTraceServiceRequest req = fragment("eu-west", span);
    ResourceSpans rs = req.getResourceSpans(0);
    ExportTraceServiceRequest claimingOtherTenant =
        req.toBuilder()
            .setResourceSpans(
                0,
                rs.toBuilder()
                    .setResource(
                        rs.getResource().toBuilder()
                            .addAttributes(attr(ProbeAttributes.TENANT, str("mallory")))))
            .build();
    spans.pipeInput(TENANT + "|" + "0".repeat(32), claimingOtherTenant.toByteArray(), T0);
    // Not probe results: no region on the resource, or no endpoint id on the span.
    send(null, probeSpan("api", CheckOutcome.UP, at(6)));
    send("eu-west", Span.newBuilder().setName("GET /").setStartTimeUnixNano(nanos(at(7))).build());

    List<TestRecord<String, HealthCheck>> out = checks.readRecordsToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo(TENANT + "|api");
    assertThat(out.get(0).timestamp()).isEqualTo(at(5).toEpochMilli());
    HealthCheck c = out.get(0).value();
    assertThat(c)
        .isEqualTo(
            new HealthCheck(
                TENANT,
                "api",
                "eu-west",
                "eu-west-1",
                at(5),
                "https://api.example.com/health",
                "GET",
                CheckOutcome.DOWN,
                503,
                "expected 200-299, got 503",
                1.5,
                null,
                null,
                null,
                120.0,
                false,
                at(86_400),
                "0".repeat(32)));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void should_deadLetterAFragment_withAMalformedProbeSpan_andKeepItsValidChecks() {
    Span noOutcome =
        probeSpan("api", CheckOutcome.UP, at(1)).toBuilder()
            .clearAttributes()
            .addAttributes(attr(ProbeAttributes.ENDPOINT_ID, str("api")))
            .build();
    Span unknownOutcome =
        probeSpan("web", CheckOutcome.UP, at(1)).toBuilder()
            .addAttributes(attr(ProbeAttributes.OUTCOME, str("SIDEWAYS")))
            .build();
    Span valid = probeSpan("db", CheckOutcome.UP, at(1));
    // From an agent whose clock runs an hour ahead of the fragment's record time (T0).
    Span ahead = probeSpan("ahead", CheckOutcome.UP, at(3600));
    send("eu-west", noOutcome, valid, unknownOutcome, ahead);
    send("us-east", probeSpan("api", CheckOutcome.UP, at(2)));

    List<TestRecord<String, byte[]>> dlq = deadLetters.readRecordsToList();
    assertThat(dlq).hasSize(1);
    String reason =
        RecordHeaders.read(dlq.get(0).headers(), RecordHeaders.DLQ_REASON).orElseThrow();
    assertThat(reason)
        .contains("malformed probe span 'api'", "no " + ProbeAttributes.OUTCOME)
        .contains("malformed probe span 'web'", "unknown outcome: SIDEWAYS")
        .contains("malformed probe span 'ahead'", "more than PT10M after it was received");
    assertThat(dlq.get(0).value())
        .isEqualTo(fragment("eu-west", noOutcome, valid, unknownOutcome, ahead).toByteArray());
    assertThat(RecordHeaders.read(dlq.get(0).headers(), RecordHeaders.TENANT)).contains(TENANT);
    // The valid check of the same fragment, and the next fragment, still go through.
    assertThat(checks.readValuesToList())
        .extracting(HealthCheck::endpointId, HealthCheck::region)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", "eu-west"),
            org.assertj.core.groups.Tuple.tuple("api", "us-east"));
  }

  @Test
  void should_keepMalformedAndInvalidEndpointDefinitions_outOfTheGlobalStore() throws Exception {
    EndpointDefinition valid = endpoint("api", 2, 2, 10_000, List.of());
    define(valid);
    EndpointDefinition tooManyQuorum = endpoint("quorum", 4, 2, 10_000, List.of());
    define(tooManyQuorum);
    endpoints.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ENDPOINTS, TENANT + "|garbage", new byte[] {(byte) 0xff, '{', 0}, T0));
    endpoints.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ENDPOINTS,
            TENANT + "|wrong-key",
            Json.MAPPER.writeValueAsBytes(valid),
            T0));
    EndpointDefinition brokenUpdate = endpoint("api", 2, 2, 10, List.of());
    define(brokenUpdate);
    // Optional fields left out: stored with their defaults.
    EndpointDefinition sparse =
        new EndpointDefinition(
            TENANT,
            "sparse",
            "Sparse",
            null,
            "http://sparse.example.com/",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("eu-west"),
            null,
            null,
            null,
            null,
            null,
            null,
            T0,
            T0,
            "test");
    define(sparse);

    KeyValueStore<String, EndpointDefinition> store =
        driver.getKeyValueStore(ProbeTopology.DEFINITIONS_STORE);
    assertThat(store.get(valid.key())).isEqualTo(valid);
    assertThat(store.get(sparse.key())).isEqualTo(sparse.withDefaults());
    assertThat(keys(store)).containsExactlyInAnyOrder(valid.key(), sparse.key());
    assertThat(probes.skippedDefinitions()).isEqualTo(4);

    endpoints.pipeInput(TestControlKeys.record(Topics.CONTROL_ENDPOINTS, valid.key(), null, T0));
    assertThat(keys(store)).containsExactly(sparse.key());
  }

  @Test
  void should_nameEveryNodeAndStore() {
    String description =
        StreamsParts.of(Duration.ofSeconds(1), Duration.ZERO, TestControlKeys.verifier())
            .build()
            .describe()
            .toString();
    assertThat(description)
        .contains(
            "probe-checks-of-spans",
            "probe-dead-letter-sink",
            "health-checks-sink",
            "health-checks-source",
            "endpoint-definitions",
            ProbeTopology.DEFINITIONS_STORE,
            ProbeTopology.STATE_STORE,
            "outage-state-machine",
            "outage-events-sink")
        .doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_");
  }

  static io.opentelemetry.proto.common.v1.AnyValue.Builder boolValue(boolean b) {
    return io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setBoolValue(b);
  }

  static <V> List<String> keys(KeyValueStore<String, V> store) {
    List<String> out = new ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }
}
