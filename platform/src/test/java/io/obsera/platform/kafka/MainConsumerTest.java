package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

/** How long a stream thread's consumer waits when it is closed. */
class MainConsumerTest {
  @Test
  void should_waitAtMostASecond_whenTheMembershipIsKept() {
    CloseOptions o =
        MainConsumer.withoutWait(
            CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));

    assertThat(o.timeout()).contains(Duration.ofSeconds(1));
    assertThat(o.groupMembershipOperation()).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
  }

  @Test
  void should_keepAShorterWait_whenTheCallerAsksForOne() {
    CloseOptions o =
        MainConsumer.withoutWait(
            CloseOptions.timeout(Duration.ofMillis(200))
                .withGroupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));

    assertThat(o.timeout()).contains(Duration.ofMillis(200));
  }

  @Test
  void should_keepKafkasWait_whenTheGroupIsLeft() {
    CloseOptions leave =
        CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);

    assertThat(MainConsumer.withoutWait(leave)).isSameAs(leave);
  }
}
