package io.obsera.standalone;

import io.obsera.platform.control.ControlTrust;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a standalone Obsera for ITs: a fresh data directory under target, the JVM's
 * shared ClickHouse and Kafka, a unique streams application id and every port on 0.
 */
final class StandaloneTestEnv {
  private StandaloneTestEnv() {}

  /** A mutable map, so a test can add its own variables. */
  static Map<String, String> of(String name) throws IOException {
    Path dataDir = Files.createTempDirectory(Path.of("target"), name + "-");
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    env.put("OBSERA_CACHE_DIR", dataDir.resolve("cache").toString());
    env.put("OBSERA_CLICKHOUSE_URL", ch.httpUrl());
    env.put("OBSERA_CLICKHOUSE_USER", ch.user());
    env.put("OBSERA_CLICKHOUSE_PASSWORD", ch.password());
    env.put("OBSERA_KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    env.put("OBSERA_STREAMS_APPLICATION_ID", TestKafka.uniqueName(name));
    // the shared broker's control records are signed with the test JVM's key (TestTenants)
    env.put(
        ControlTrust.SIGNING_KEY_ENV,
        ControlTrust.encodePrivate(TestControlKeys.pair().getPrivate()));
    // the ITs probe every second or two; production tenants may not (OBSERA_QUOTA_*)
    env.put("OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS", "1000");
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    return env;
  }
}
