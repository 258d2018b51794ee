package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.OwnServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./obsera backup} and {@code restore} against external Kafka clusters (the distributed
 * layout, {@code OBSERA_KAFKA_BOOTSTRAP}): the control topics of a running cluster are exported
 * online and written into an empty one, every record as it was and its signature still valid; a
 * cluster that already holds control records is refused.
 */
class ControlTopicsBackupIT {
  static Path root;
  static EmbeddedKafka source;
  static EmbeddedKafka target;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory(Path.of("target"), "control-backup-it-");
    source = OwnServers.startKafka(root.resolve("source"));
    target = OwnServers.startKafka(root.resolve("target"));
  }

  @AfterAll
  static void stop() {
    for (EmbeddedKafka k : new EmbeddedKafka[] {source, target}) {
      if (k != null) {
        k.close();
      }
    }
  }

  static Map<String, String> env(EmbeddedKafka kafka) {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_DATA_DIR", root.resolve("no-data-dir").toString());
    env.put("OBSERA_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    return env;
  }

  static int command(Map<String, String> env, ByteArrayOutputStream err, String... args) {
    return BackupCommand.run(
        List.of(args),
        StandaloneConfig.fromEnv(env),
        System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void should_moveTheSignedControlRecords_fromOneClusterIntoAnEmptyOne() throws Exception {
    TopicProvisioner.ensure(source.bootstrapServers(), Map.of(), Topics.all(1));
    ApiKeyToken token =
        TestTenants.createWithKey(source.bootstrapServers(), "acme", Set.of(Scope.INGEST));
    Path backup = root.resolve("backup");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertThat(command(env(source), err, "backup", backup.toString())).as(err.toString()).isZero();
    assertThat(command(env(target), err, "restore", backup.toString())).as(err.toString()).isZero();

    JsonNode manifest = Json.MAPPER.readTree(backup.resolve("manifest.json").toFile());
    assertThat(manifest.get("clickHouseVersion").isNull()).isTrue();
    assertThat(backup.resolve("clickhouse")).doesNotExist();
    Path again = Files.createDirectories(root.resolve("re-exported"));
    ControlTopicArchive archive = new ControlTopicArchive(target.bootstrapServers(), Map.of());
    for (String topic : List.of(Topics.CONTROL_TENANTS, Topics.CONTROL_API_KEYS)) {
      archive.export(topic, again);
      List<JsonNode> before = records(backup.resolve("control"), topic);
      assertThat(records(again, topic)).isEqualTo(before).isNotEmpty();
      for (JsonNode r : before) {
        assertThat(verifies(topic, r)).as(r.toString()).isTrue();
      }
    }
    assertThat(Files.readString(backup.resolve("control/" + Topics.CONTROL_API_KEYS + ".jsonl")))
        .contains(
            Base64.getEncoder().encodeToString(token.keyId().getBytes(StandardCharsets.UTF_8)));
    assertThat(root.resolve("no-data-dir")).doesNotExist();

    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertThat(command(env(target), refused, "restore", backup.toString())).isEqualTo(4);
    assertThat(refused.toString(StandardCharsets.UTF_8))
        .contains("already holds records")
        .contains(target.bootstrapServers());
  }

  /** The topic's records in {@code dir}, without their offsets (a new topic numbers them anew). */
  static List<JsonNode> records(Path dir, String topic) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(ControlTopicArchive.file(dir, topic))) {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
      n.remove("offset");
      out.add(n);
    }
    return out;
  }

  static boolean verifies(String topic, JsonNode r) {
    RecordHeaders headers = new RecordHeaders();
    r.get("headers").forEach(h -> headers.add(h.get(0).asText(), decode(h.get(1))));
    return TestControlKeys.trust()
        .verify(
            topic,
            new String(decode(r.get("key")), StandardCharsets.UTF_8),
            decode(r.get("value")),
            headers);
  }

  static byte[] decode(JsonNode n) {
    return n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asText());
  }
}
