package io.obsera.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure the JVM's shared ClickHouse and Kafka ({@link SharedServers}) are up before the tests
 * of a class run: {@code @ExtendWith(ObseraServersExtension.class)}.
 */
public final class ObseraServersExtension implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedServers.clickHouse();
    SharedServers.kafkaBootstrap();
  }
}
