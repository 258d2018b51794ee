package io.obsera.standalone;

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

/** Metric discovery and queries, correlation of the known-cause spike, and the timeline. */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class ReadAnalysisIT {
  static final int ALL = ReadScenario.CALM_TRACES + ReadScenario.SPIKE_TRACES;

  @Test
  void should_discoverTheHistogram_withUnitServicesAndAttributeValues() throws Exception {
    JsonNode metrics = get("/api/v1/metrics/names?x=1" + range, keyA).get("metrics");
    JsonNode m = null;
    for (JsonNode n : metrics) {
      if (n.get("name").asText().equals(ReadScenario.METRIC)) {
        m = n;
      }
    }
    assertThat(m).as(metrics.toString()).isNotNull();
    assertThat(m.get("type").asText()).isEqualTo("histogram");
    assertThat(m.get("unit").asText()).isEqualTo("ms");
    assertThat(m.get("services")).extracting(JsonNode::asText).containsExactly("checkout");
    assertThat(m.get("attributes").get(0).get("key").asText()).isEqualTo("http.route");
    assertThat(m.get("attributes").get(0).get("topValues"))
        .extracting(JsonNode::asText)
        .containsExactly("/checkout");
  }

  @Test
  void should_aggregateTheHistogram_countAvgAndPercentilesFromBuckets() throws Exception {
    String q = "/api/v1/metrics/query?name=" + ReadScenario.METRIC + "&step=1h" + range;
    assertThat(value(get(q + "&agg=count", keyA))).isEqualTo(ALL);
    double avg =
        (ReadScenario.CALM_TRACES * ReadScenario.CALM_MS
                + ReadScenario.SPIKE_TRACES * ReadScenario.SPIKE_MS)
            / (double) ALL;
    assertThat(value(get(q + "&agg=avg", keyA))).isCloseTo(avg, within(1e-6));
    // SDK default buckets: 12 points in (10, 25], 4 in (750, 1000].
    assertThat(value(get(q + "&agg=p50", keyA))).isBetween(10.0, 25.0);
    assertThat(value(get(q + "&agg=p99&groupBy=service.name", keyA))).isBetween(750.0, 1000.0);
    JsonNode grouped = get(q + "&agg=max&groupBy=service.name", keyA);
    assertThat(grouped.get("series").get(0).get("labels").get("service.name").asText())
        .isEqualTo("checkout");
    assertThat(value(grouped)).isEqualTo((double) ReadScenario.SPIKE_MS);
    assertThat(get(q + "&attr.http.route=/elsewhere", keyA).get("series")).isEmpty();
    assertThat(ReadFixture.call("/api/v1/metrics/query?name=nope" + range, keyA).statusCode())
        .isEqualTo(404);
  }

  static double value(JsonNode result) {
    JsonNode points = result.get("series").get(0).get("points");
    assertThat(points).hasSize(1);
    return points.get(0).get("value").asDouble();
  }

  @Test
  void should_putTheSpikesExemplarTracesAndErrorLogsFirst_whenCorrelating() throws Exception {
    JsonNode c =
        get(
            "/api/v1/correlate?metric=" + enc(ReadScenario.METRIC) + "&service=checkout" + range,
            keyA);
    List<String> first = new ArrayList<>();
    for (int i = 0; i < ReadScenario.SPIKE_TRACES; i++) {
      JsonNode t = c.get("traces").get(i);
      first.add(t.get("traceId").asText());
      assertThat(t.get("reason").asText()).startsWith("exemplar of " + ReadScenario.METRIC);
      assertThat(t.get("reasons").toString()).contains("slowest trace", "erroring trace");
    }
    assertThat(first).containsExactlyInAnyOrderElementsOf(scenario.spikeTraces);
    assertThat(c.get("traces")).hasSize(ALL);
    List<String> errorLogTraces = new ArrayList<>();
    for (int i = 0; i < ReadScenario.SPIKE_TRACES; i++) {
      JsonNode l = c.get("logs").get(i);
      assertThat(l.get("reason").asText()).startsWith("error log of checkout");
      errorLogTraces.add(l.get("log").get("traceId").asText());
    }
    assertThat(errorLogTraces).containsExactlyElementsOf(reversed(scenario.spikeTraces));
    assertThat(c.get("logs").get(ReadScenario.SPIKE_TRACES).get("reason").asText())
        .startsWith("log of checkout");
    // Without a service: the services of the metric's exemplars.
    JsonNode bare = get("/api/v1/correlate?metric=" + enc(ReadScenario.METRIC) + range, keyA);
    assertThat(bare.get("services")).extracting(JsonNode::asText).containsExactly("checkout");
  }

  @Test
  void should_orderSpansLogsAndMetricPointsOfATrace_inOneTimeline() throws Exception {
    String id = scenario.spikeTraces.get(2);
    JsonNode items = get("/api/v1/timeline?traceId=" + id, keyA).get("items");
    List<String> types = new ArrayList<>();
    long previous = 0;
    for (JsonNode item : items) {
      types.add(item.get("type").asText());
      long t = Long.parseLong(item.get("timeUnixNano").asText());
      assertThat(t).isGreaterThanOrEqualTo(previous);
      previous = t;
      assertThat(item.get("traceId").asText()).isEqualTo(id);
    }
    // Root span, child span (1 ms later), log (2 ms), then the metric point (at export).
    assertThat(types).containsExactly("span", "span", "log", "metric");
    assertThat(items.get(2).get("detail").asText()).contains("timeout");
  }

  @Test
  void should_pageThroughAServiceTimeline_withoutGapsOrRepeats() throws Exception {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get(
              "/api/v1/timeline?service=checkout&limit=7"
                  + range
                  + (cursor == null ? "" : "&cursor=" + cursor),
              keyA);
      for (JsonNode item : page.get("items")) {
        keys.add(
            item.get("type").asText()
                + item.get("timeUnixNano").asText()
                + item.get("spanId").asText()
                + item.get("name").asText());
      }
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 50);
    // Per trace: two spans, one log, one exemplar-linked point.
    assertThat(keys).doesNotHaveDuplicates().hasSize(4 * ALL);
  }
}
