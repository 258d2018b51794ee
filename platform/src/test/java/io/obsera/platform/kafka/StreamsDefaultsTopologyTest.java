package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A processor that throws must not stall its partition: the record goes to the dead letters. */
class StreamsDefaultsTopologyTest {

  static String explode(String value) {
    if (value.startsWith("boom")) {
      throw new IllegalStateException("cannot handle " + value);
    }
    return value.toUpperCase(java.util.Locale.ROOT);
  }

  @Test
  void should_deadLetterARecordAProcessorThrowsOn_andGoOn() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
        .mapValues(StreamsDefaultsTopologyTest::explode, Named.as("explode"))
        .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out-sink"));
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "errors-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    StreamsDefaults.errorHandling(p);
    try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> out =
          driver.createOutputTopic(
              "out", Serdes.String().deserializer(), Serdes.String().deserializer());
      TestOutputTopic<byte[], byte[]> dead =
          driver.createOutputTopic(
              Topics.DEAD_LETTER,
              Serdes.ByteArray().deserializer(),
              Serdes.ByteArray().deserializer());

      in.pipeInput("k1", "first");
      in.pipeInput("k2", "boom-2");
      in.pipeInput("k3", "third");

      assertThat(out.readValuesToList()).containsExactly("FIRST", "THIRD");
      List<TestRecord<byte[], byte[]>> dl = dead.readRecordsToList();
      assertThat(dl).hasSize(1);
      assertThat(new String(dl.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("boom-2");
      String headers =
          String.join(
              ";",
              java.util.Arrays.stream(dl.get(0).headers().toArray())
                  .map(
                      (Header h) ->
                          h.key()
                              + "="
                              + (h.value() == null
                                  ? ""
                                  : new String(h.value(), StandardCharsets.UTF_8)))
                  .toList());
      assertThat(headers).contains("cannot handle boom-2").contains("IllegalStateException");
    }
  }

  @Test
  void should_configureTheServiceWithTheSameHandling() {
    Properties p = StreamsDefaults.errorHandling(new Properties());
    assertThat(p.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
        .isEqualTo(Topics.DEAD_LETTER);
    assertThat(p.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
        .contains("LogAndContinue");
  }
}
