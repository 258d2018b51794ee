package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupTopicsTest {
  @Test
  void should_backUpEveryControlTopic_butTheOnesLeftOutWithAReason() {
    List<String> decided = new ArrayList<>(BackupTopics.backedUp());
    decided.addAll(BackupTopics.LEFT_OUT.keySet());

    assertThat(decided).containsExactlyInAnyOrderElementsOf(Topics.controlTopics());
    assertThat(BackupTopics.backedUp())
        .contains(
            Topics.CONTROL_TENANTS,
            Topics.CONTROL_API_KEYS,
            Topics.CONTROL_SLOS,
            Topics.CONTROL_ALERT_RULES,
            Topics.CONTROL_CHANNELS,
            Topics.CONTROL_ALERT_ROUTING,
            Topics.CONTROL_SILENCES,
            Topics.CONTROL_ENDPOINTS,
            Topics.CONTROL_DASHBOARDS,
            Topics.CONTROL_STATUS_PAGES,
            Topics.CONTROL_USERS,
            Topics.CONTROL_MEMBERSHIPS,
            Topics.CONTROL_INVITES,
            Topics.CONTROL_SSO,
            Topics.CONTROL_TOTP,
            Topics.CONTROL_AUTH_POLICIES);
  }
}
