package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.obsera.ingest.otlp.BadInputCase.Limited;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.testing.TestKafka;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the raw OTLP topics (uncommitted records included, the stricter reading) and checks what
 * the bad-input suite left there: no must-not-land marker of the run anywhere in any record, every
 * expected item exactly once, and attribute limits applied as documented.
 */
final class KafkaLanding {
  private KafkaLanding() {}

  /** One item found in Kafka: its attributes and dropped count. */
  private record Found(List<KeyValue> attributes, int dropped) {}

  static void assertLanded(
      String tenant, String run, Collection<String> expected, Map<String, Limited> attributes)
      throws InvalidProtocolBufferException {
    byte[] refused = (BadInputCases.MUST_NOT_LAND + ":" + run).getBytes(StandardCharsets.UTF_8);
    List<String> leaked = new ArrayList<>();
    Map<String, List<Found>> found = new HashMap<>();
    for (String topic : List.of(Topics.OTLP_SPANS, Topics.OTLP_LOGS, Topics.OTLP_METRICS)) {
      for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(topic)) {
        if (indexOf(r.value(), refused) >= 0) {
          leaked.add(topic + "@" + r.partition() + ":" + r.offset() + " key " + r.key());
        }
        if (RecordHeaders.read(r.headers(), RecordHeaders.TENANT)
            .filter(tenant::equals)
            .isEmpty()) {
          continue;
        }
        collect(topic, r.value(), found);
      }
    }
    assertThat(leaked).as("records holding items of refused requests or dropped items").isEmpty();
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String marker : expected) {
      List<Found> f = found.getOrDefault(marker, List.of());
      if (f.size() != 1) {
        missing.add(marker + " found " + f.size() + " times");
        continue;
      }
      Limited limited = attributes.get(marker);
      if (limited != null) {
        String problem = problem(limited, f.get(0));
        if (problem != null) {
          wrong.add(marker + ": " + problem);
        }
      }
    }
    assertThat(missing).as("accepted items not in Kafka exactly once").isEmpty();
    assertThat(wrong).as("attribute limits not applied as documented").isEmpty();
    List<String> unexpected =
        found.keySet().stream()
            .filter(m -> m.startsWith("ok:" + run + ":") && !expected.contains(m))
            .toList();
    if (expected.size() > 1) {
      assertThat(unexpected).as("items in Kafka that no accepted request sent").isEmpty();
    }
  }

  private static void collect(String topic, byte[] value, Map<String, List<Found>> found)
      throws InvalidProtocolBufferException {
    if (topic.equals(Topics.OTLP_SPANS)) {
      for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(value).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            add(
                found,
                s.getName(),
                new Found(s.getAttributesList(), s.getDroppedAttributesCount()));
            collectLinks(s, found);
          }
        }
      }
    } else if (topic.equals(Topics.OTLP_LOGS)) {
      for (ResourceLogs rl : ExportLogsServiceRequest.parseFrom(value).getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord l : sl.getLogRecordsList()) {
            add(
                found,
                l.getBody().getStringValue(),
                new Found(l.getAttributesList(), l.getDroppedAttributesCount()));
          }
        }
      }
    } else {
      for (ResourceMetrics rm :
          ExportMetricsServiceRequest.parseFrom(value).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            add(
                found,
                m.getDescription(),
                new Found(
                    rm.getResource().getAttributesList(),
                    rm.getResource().getDroppedAttributesCount()));
          }
        }
      }
    }
  }

  /**
   * Links carrying a {@link SpanLinkCases#LINK_MARKER} count as items of their own, and a span's
   * dropped_links_count as {@code <span name>#dropped-links=<n>}, so both are checked like items.
   */
  private static void collectLinks(Span s, Map<String, List<Found>> found) {
    for (Span.Link link : s.getLinksList()) {
      for (KeyValue kv : link.getAttributesList()) {
        if (kv.getKey().equals(SpanLinkCases.LINK_MARKER)) {
          add(found, kv.getValue().getStringValue(), new Found(List.of(), 0));
        }
      }
    }
    if (s.getDroppedLinksCount() > 0) {
      add(
          found,
          s.getName() + SpanLinkCases.DROPPED_LINKS + s.getDroppedLinksCount(),
          new Found(List.of(), 0));
    }
  }

  private static void add(Map<String, List<Found>> found, String marker, Found f) {
    found.computeIfAbsent(marker, m -> new ArrayList<>()).add(f);
  }

  private static String problem(Limited limited, Found f) {
    List<String> keys = f.attributes().stream().map(KeyValue::getKey).toList();
    if (!keys.equals(limited.keptKeys())) {
      return "kept " + keys + " instead of " + limited.keptKeys();
    }
    if (f.dropped() != limited.droppedCount()) {
      return "dropped_attributes_count " + f.dropped() + " instead of " + limited.droppedCount();
    }
    for (KeyValue kv : f.attributes()) {
      String want = limited.truncated().get(kv.getKey());
      if (want != null && !want.equals(kv.getValue().getStringValue())) {
        return kv.getKey()
            + " holds "
            + kv.getValue().getStringValue().length()
            + " chars, not the "
            + want.length()
            + "-char prefix";
      }
    }
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
