package io.obsera.testing;

import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same shared servers as Testcontainers images, for machines with a Docker engine: selected by
 * the opt-in Maven profile {@code docker} ({@code -Pdocker}, system property {@code
 * obsera.test.backend=docker}). Never used by the default build.
 */
final class DockerServers {
  static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:25.8";
  static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

  private DockerServers() {}

  static boolean selected() {
    return "docker".equals(System.getProperty("obsera.test.backend"));
  }

  static SharedServers.ClickHouseEndpoint clickHouse() {
    String password = UUID.randomUUID().toString();
    GenericContainer<?> ch =
        new GenericContainer<>(DockerImageName.parse(CLICKHOUSE_IMAGE))
            .withEnv("CLICKHOUSE_USER", "obsera")
            .withEnv("CLICKHOUSE_PASSWORD", password)
            .withEnv("CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT", "1")
            .withExposedPorts(8123)
            .waitingFor(Wait.forHttp("/ping").forPort(8123).forStatusCode(200));
    ch.start();
    String url = "http://" + ch.getHost() + ":" + ch.getMappedPort(8123);
    return new SharedServers.ClickHouseEndpoint(url, "obsera", password, "obsera", password);
  }

  static String kafkaBootstrap() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    kafka.start();
    return kafka.getBootstrapServers();
  }
}
