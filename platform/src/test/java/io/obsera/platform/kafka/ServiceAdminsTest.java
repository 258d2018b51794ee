package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** A long-lived admin keeps its idle connection past its metadata refresh. */
class ServiceAdminsTest {
  @Test
  void should_keepAnIdleConnectionLongerThanTheMetadataRefresh_byDefault() {
    Properties s = ServiceAdmins.settings(new Properties());

    long idle = Long.parseLong(s.getProperty(AdminClientConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG));
    long refresh =
        Long.parseLong(
            String.valueOf(
                AdminClientConfig.configDef()
                    .defaultValues()
                    .get(AdminClientConfig.METADATA_MAX_AGE_CONFIG)));
    assertThat(idle).isGreaterThan(refresh).isLessThan(600_000); // the broker's own limit
  }

  @Test
  void should_keepTheOperatorsSetting_whenOneIsGiven() {
    Properties given = new Properties();
    given.put(AdminClientConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, "120000");

    assertThat(ServiceAdmins.settings(given))
        .containsEntry(AdminClientConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, "120000");
  }
}
