package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.worker.AlertWorker;
import io.obsera.alert.worker.AlertWorkerConfig;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlTrust;
import io.obsera.streams.StreamsService;
import io.obsera.streams.StreamsServiceConfig;
import io.obsera.testing.TestControlKeys;
import io.obsera.writer.WriterServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/**
 * Pins what a deployment keeps its state under: every Kafka Streams topology ({@code describe()}:
 * store, changelog and repartition names), every application id and consumer group, and every
 * topic. A rename of any of them silently drops state (a new changelog starts empty, a new group
 * re-reads or skips a topic), so a change here must come with a migration and a new fixture for
 * {@code UpgradeFromPreviousMainRestartIT}.
 *
 * <p>The expected texts are in {@code src/test/resources/pins/}. When a change is deliberate (a new
 * store, a new topic) and its upgrade path is tested, rewrite them with {@code
 * -Dobsera.pins.write=true} and review the diff.
 */
class DeployedNamesPinTest {
  private static final Path PINS = Path.of("src/test/resources/pins");
  private static final String KEY =
      Base64.getEncoder().encodeToString(new byte[32]); // a valid, throwaway sealing key

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    env.put(
        ControlTrust.SIGNING_KEY_ENV,
        ControlTrust.encodePrivate(TestControlKeys.pair().getPrivate()));
    env.put("OBSERA_SECRET_KEY", KEY);
    env.put("OBSERA_CLICKHOUSE_URL", "http://127.0.0.1:8123");
    env.put("OBSERA_CLICKHOUSE_USER", "default");
    return env;
  }

  @Test
  void should_keep_the_streams_topology_whenCodeMoves() throws IOException {
    StreamsService streams =
        new StreamsService(StreamsServiceConfig.fromEnv(env()), Clock.systemUTC());
    assertPinned("streams-topology.txt", streams.topology().describe().toString());
  }

  @Test
  void should_keep_the_alert_worker_topology_whenCodeMoves() throws IOException {
    AlertWorkerConfig config = AlertWorkerConfig.fromEnv(env());
    StreamsBuilder builder = new StreamsBuilder();
    AlertWorker.parts(config, Clock.systemUTC()).forEach(p -> p.addTo(builder));
    assertPinned("alert-worker-topology.txt", builder.build().describe().toString());
  }

  @Test
  void should_keep_application_ids_groups_and_topics_whenCodeMoves() throws IOException {
    StringBuilder names = new StringBuilder();
    StreamsServiceConfig streams = StreamsServiceConfig.fromEnv(env());
    AlertWorkerConfig alerts = AlertWorkerConfig.fromEnv(env());
    StandaloneConfig standalone = StandaloneConfig.fromEnv(env());
    names.append("distributed streams application id: ").append(streams.applicationId());
    names
        .append("\ndistributed writer group: ")
        .append(WriterServiceConfig.fromEnv(env()).writer().groupId());
    names.append("\ndistributed alert worker application id: ").append(alerts.applicationId());
    names.append("\ndistributed alert outbox group: ").append(alerts.outbox().groupId());
    names
        .append("\nstandalone streams application id: ")
        .append(standalone.streams().applicationId());
    names.append("\nstandalone writer group: ").append(standalone.writer().writer().groupId());
    names
        .append("\nstandalone alert worker application id: ")
        .append(standalone.alerts().applicationId());
    names
        .append("\nstandalone alert outbox group: ")
        .append(standalone.alerts().outbox().groupId());
    names.append("\ntopics (name partitions configs):\n");
    names.append(
        Topics.all(3).stream()
            .map(t -> t.name() + " " + t.partitions() + " " + new TreeMap<>(t.configs()))
            .sorted()
            .collect(Collectors.joining("\n")));
    assertPinned("names.txt", names.toString());
  }

  private static void assertPinned(String file, String actual) throws IOException {
    Path pinned = PINS.resolve(file);
    String text = actual.strip() + "\n";
    if (Boolean.getBoolean("obsera.pins.write")) {
      Files.createDirectories(PINS);
      Files.writeString(pinned, text, StandardCharsets.UTF_8);
    }
    assertThat(pinned).as("pinned " + file).exists();
    assertThat(text)
        .as(
            "%s changed: a deployed data directory would lose state under the new names; see"
                + " this test's javadoc",
            file)
        .isEqualTo(Files.readString(pinned, StandardCharsets.UTF_8));
  }
}
