package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.LATENCY;
import static io.obsera.standalone.ReadFixture.concat;
import static io.obsera.standalone.ReadFixture.enc;
import static io.obsera.standalone.ReadFixture.get;
import static io.obsera.standalone.ReadFixture.keyA;
import static io.obsera.standalone.ReadFixture.range;
import static io.obsera.standalone.ReadFixture.reversed;
import static io.obsera.standalone.ReadFixture.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.testing.ObseraServersExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trace search, trace by id, log search and regional latency over real sockets ({@link
 * ReadFixture}).
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class ReadApiIT {
  @Test
  void should_findTheSpikeTraces_byRegionDurationAndStatus_newestFirst() throws Exception {
    JsonNode hits =
        get(
                "/api/v1/traces?service=checkout&region=us-east&minDuration=500ms&status=error"
                    + range,
                keyA)
            .get("traces");
    List<String> ids = new ArrayList<>();
    hits.forEach(h -> ids.add(h.get("traceId").asText()));
    assertThat(ids).containsExactlyElementsOf(reversed(scenario.spikeTraces));
    JsonNode first = hits.get(0);
    assertThat(first.get("rootService").asText()).isEqualTo("checkout");
    assertThat(first.get("rootOperation").asText()).isEqualTo("POST /checkout");
    assertThat(first.get("durationNanos").asText()).isEqualTo("800000000");
    assertThat(first.get("startTimeUnixNano").isTextual()).isTrue();
    assertThat(first.get("spanCount").asInt()).isEqualTo(2);
    assertThat(first.get("errorCount").asInt()).isEqualTo(1);
    assertThat(first.get("regions")).extracting(JsonNode::asText).containsExactly("us-east");
    assertThat(first.get("links").get("trace").asText()).isEqualTo("/api/v1/traces/" + ids.get(0));
    assertThat(
            get(
                    "/api/v1/traces?service=checkout&maxDuration=100ms&attr.http.route=/checkout"
                        + range,
                    keyA)
                .get("traces"))
        .hasSize(ReadScenario.CALM_TRACES);
    assertThat(
            get("/api/v1/traces?operation=" + enc("SELECT cart") + "&status=ok" + range, keyA)
                .get("traces"))
        .hasSize(ReadScenario.CALM_TRACES);
  }

  @Test
  void should_pageThroughTraces_withoutGapsOrRepeats() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get(
              "/api/v1/traces?service=checkout&limit=5"
                  + range
                  + (cursor == null ? "" : "&cursor=" + cursor),
              keyA);
      page.get("traces").forEach(h -> seen.add(h.get("traceId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(concat(scenario.calmTraces, scenario.spikeTraces));
  }

  @Test
  void should_returnTheFullTrace_withTreeLogsExemplarsAndSummary() throws Exception {
    String id = scenario.spikeTraces.get(1);
    JsonNode t = get("/api/v1/traces/" + id, keyA);
    assertThat(t.get("rootSpanIds")).hasSize(1);
    String root = t.get("rootSpanIds").get(0).asText();
    JsonNode spans = t.get("spans");
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).get("spanId").asText()).isEqualTo(root);
    assertThat(spans.get(0).get("childSpanIds").get(0).asText())
        .isEqualTo(spans.get(1).get("spanId").asText());
    assertThat(t.get("logs").get(0).get("body").asText()).contains("timeout");
    JsonNode point = t.get("metricPoints").get(0);
    assertThat(point.get("metricName").asText()).isEqualTo(ReadScenario.METRIC);
    assertThat(point.get("value").asDouble()).isEqualTo(ReadScenario.SPIKE_MS);
    assertThat(point.get("link").asText()).startsWith("/api/v1/metrics/query?name=");
    assertThat(t.get("summary").get("errorCount").asInt()).isEqualTo(1);
    assertThat(t.get("links").get("logs").asText()).isEqualTo("/api/v1/logs?traceId=" + id);
  }

  @Test
  void should_searchLogs_byTextSeverityAttributesAndTrace() throws Exception {
    JsonNode errors = get("/api/v1/logs?q=GATEWAY&severity=error" + range, keyA).get("logs");
    assertThat(errors).hasSize(ReadScenario.SPIKE_TRACES);
    List<String> traces = new ArrayList<>();
    errors.forEach(l -> traces.add(l.get("traceId").asText()));
    assertThat(traces).containsExactlyElementsOf(reversed(scenario.spikeTraces));
    assertThat(errors.get(0).get("links").get("trace").asText())
        .isEqualTo("/api/v1/traces/" + traces.get(0));
    assertThat(errors.get(0).get("severityNumber").asInt()).isEqualTo(17);
    assertThat(get("/api/v1/logs?severity=info&severityMatch=exact" + range, keyA).get("logs"))
        .hasSize(ReadScenario.CALM_TRACES);
    assertThat(get("/api/v1/logs?severity=info" + range, keyA).get("logs"))
        .hasSize(ReadScenario.CALM_TRACES + ReadScenario.SPIKE_TRACES);
    assertThat(get("/api/v1/logs?attr.order.kind=gift&service=checkout" + range, keyA).get("logs"))
        .hasSize(ReadScenario.SPIKE_TRACES);
    JsonNode byTrace = get("/api/v1/logs?traceId=" + scenario.calmTraces.get(3), keyA).get("logs");
    assertThat(byTrace).hasSize(1);
    assertThat(byTrace.get(0).get("body").asText()).isEqualTo("checkout ok");
    JsonNode page1 = get("/api/v1/logs?limit=10" + range, keyA);
    JsonNode page2 =
        get("/api/v1/logs?limit=10&cursor=" + page1.get("nextCursor").asText() + range, keyA);
    assertThat(page1.get("logs")).hasSize(10);
    assertThat(page2.get("logs")).hasSize(6);
    assertThat(page2.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void should_givePerRegionPercentiles_fromTheRollups() throws Exception {
    JsonNode r = get(LATENCY + "&step=1m" + range, keyA);
    double bound = r.get("errorBoundPercent").asDouble() / 100;
    JsonNode calm = r.get("regions").get(0);
    JsonNode spike = r.get("regions").get(1);
    assertThat(calm.get("region").asText()).isEqualTo(ReadScenario.CALM_REGION);
    assertThat(spike.get("region").asText()).isEqualTo(ReadScenario.SPIKE_REGION);
    assertThat(calm.get("p50Ms").asDouble())
        .isCloseTo(ReadScenario.CALM_MS, within(ReadScenario.CALM_MS * bound));
    assertThat(spike.get("p99Ms").asDouble())
        .isCloseTo(ReadScenario.SPIKE_MS, within(ReadScenario.SPIKE_MS * bound));
    assertThat(spike.get("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(calm.get("errorRate").asDouble()).isEqualTo(0.0);
    long inSeries = 0;
    for (JsonNode s : spike.get("series")) {
      inSeries += s.get("count").asLong();
    }
    assertThat(inSeries).isEqualTo(ReadScenario.SPIKE_TRACES);
    // Without an operation: every span of the service (root and child), only roots fail.
    JsonNode all = get("/api/v1/latency/regions?service=checkout" + range, keyA).get("regions");
    assertThat(all.get(1).get("count").asLong()).isEqualTo(2L * ReadScenario.SPIKE_TRACES);
    assertThat(all.get(1).get("errorRate").asDouble()).isEqualTo(0.5);
  }
}
