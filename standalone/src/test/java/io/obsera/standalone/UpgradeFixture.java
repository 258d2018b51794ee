package io.obsera.standalone;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A standalone data directory written by an earlier main and committed under {@code
 * src/test/resources/upgrade} (how it was made: the README there), unpacked into a fresh directory,
 * with its manifest: what is inside, the tokens and secrets of that throwaway installation, the
 * counts that were sent.
 */
record UpgradeFixture(Path dataDir, JsonNode manifest) {

  /** Unpacks {@code /upgrade/<name>.tar.gz} into a new directory under {@code parent}. */
  static UpgradeFixture unpack(String name, Path parent) throws IOException, InterruptedException {
    JsonNode manifest;
    try (InputStream in = resource(name + ".json")) {
      manifest = Json.MAPPER.readTree(in);
    }
    Path dir = Files.createTempDirectory(parent, "upgrade-" + name + "-");
    Path archive = dir.resolve(name + ".tar.gz");
    try (InputStream in = resource(name + ".tar.gz")) {
      Files.copy(in, archive);
    }
    // tar keeps the modes (the secret files are 0600) and the relative symlinks of ClickHouse
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("cannot unpack " + archive + ": " + output);
    }
    Files.delete(archive);
    return new UpgradeFixture(dir.resolve("data"), manifest);
  }

  private static InputStream resource(String file) {
    InputStream in = UpgradeFixture.class.getResourceAsStream("/upgrade/" + file);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException("test resource /upgrade/" + file + " is missing"));
    }
    return in;
  }

  JsonNode tenant(String id) {
    return manifest.get("tenants").get(id);
  }

  /** The manifest's {@code tenants.<id>.telemetry}. */
  JsonNode telemetry(String tenant) {
    return tenant(tenant).get("telemetry");
  }

  String text(String field) {
    return manifest.get(field).asText();
  }

  /** When the runtime that wrote the directory was asked to stop. */
  Instant stoppedAt() {
    return Instant.parse(text("stoppedAt"));
  }

  /** Every span, log record and metric point was stamped at or after this. */
  Instant telemetryFrom() {
    return Instant.parse(text("telemetryFrom"));
  }

  /**
   * Once the fixture is older than the retention of {@code topics} (7 days by default), the
   * broker's first retention pass, 30 s after it starts, deletes their expired segments, the active
   * one included, and with them any record not read yet that is as old, such as those a test clock
   * standing in the fixture's past stamps. Returns once that pass went over {@code topics}, which
   * shows as log start offsets past the fixture's records; at once when nothing expires while a
   * test runs (the next pass is five minutes later).
   */
  void awaitExpiredSegmentsDeleted(
      String bootstrap, Map<String, String> kafkaSettings, List<String> topics) throws Exception {
    Map<String, Object> settings = new java.util.HashMap<>(kafkaSettings);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(settings)) {
      List<ConfigResource> resources = new ArrayList<>();
      topics.forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
      long retentionMs = Long.MAX_VALUE;
      for (Config c : admin.describeConfigs(resources).all().get().values()) {
        long ms = Long.parseLong(c.get(TopicConfig.RETENTION_MS_CONFIG).value());
        retentionMs = Math.min(retentionMs, ms < 0 ? Long.MAX_VALUE : ms);
      }
      Duration age = Duration.between(stoppedAt(), Instant.now());
      if (retentionMs == Long.MAX_VALUE || age.toMillis() < retentionMs + 60_000) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get()
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                Map<TopicPartition, Long> earliest =
                    offsets(admin, partitions, OffsetSpec.earliest());
                Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
                return partitions.stream().allMatch(p -> earliest.get(p) > 0 || latest.get(p) == 0);
              });
    }
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((p, info) -> out.put(p, info.offset()));
    return out;
  }
}
