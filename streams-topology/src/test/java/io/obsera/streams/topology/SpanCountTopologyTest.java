package io.obsera.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpanCountTopologyTest {
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> spans;
  private TestOutputTopic<String, Long> counts;
  private TestOutputTopic<String, byte[]> deadLetters;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "span-count-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(new SpanCountTopology().get(), p);
    spans =
        driver.createInputTopic(
            Topics.OTLP_SPANS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    counts =
        driver.createOutputTopic(
            Topics.TRACE_SPAN_COUNTS, Serdes.String().deserializer(), Serdes.Long().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  static byte[] fragment(int spanCount) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < spanCount; i++) {
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(new byte[16]))
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) (i + 1)})));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build()
        .toByteArray();
  }

  @Test
  void should_countSpansPerTenantAndTrace() {
    spans.pipeInput("acme|t1", fragment(2));
    spans.pipeInput("acme|t1", fragment(3));
    spans.pipeInput("other|t1", fragment(1));

    assertThat(counts.readKeyValuesToMap())
        .containsEntry("acme|t1", 5L)
        .containsEntry("other|t1", 1L)
        .hasSize(2);
    assertThat(driver.<String, Long>getKeyValueStore(SpanCountTopology.COUNT_STORE).get("acme|t1"))
        .isEqualTo(5L);
  }

  @Test
  void should_deadLetterPoison_andKeepCounting() {
    spans.pipeInput("acme|t1", new byte[] {(byte) 0xff, 0x01, 0x02});
    spans.pipeInput("acme|t1", fragment(1));

    TestRecord<String, byte[]> dead = deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo("acme|t1");
    assertThat(dead.value()).containsExactly((byte) 0xff, 0x01, 0x02);
    assertThat(RecordHeaders.read(dead.headers(), RecordHeaders.DLQ_REASON))
        .hasValueSatisfying(r -> assertThat(r).contains("unparseable span fragment"));
    assertThat(counts.readKeyValuesToMap()).containsEntry("acme|t1", 1L);
  }

  @Test
  void should_nameEveryProcessorStoreAndRepartition() {
    String description = new SpanCountTopology().get().describe().toString();
    assertThat(description)
        .contains(
            "spans-source",
            "parse-span-fragment",
            "sum-spans",
            SpanCountTopology.COUNT_STORE,
            "span-counts-sink",
            "dead-letter-sink")
        .doesNotContain("KSTREAM-", "KTABLE-");
  }
}
