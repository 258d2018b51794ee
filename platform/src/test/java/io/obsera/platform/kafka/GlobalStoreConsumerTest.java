package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** The global stores' consumer: a new one for each restore that follows a poll. */
class GlobalStoreConsumerTest {
  private static final TopicPartition A = new TopicPartition("a", 0);
  private static final TopicPartition B = new TopicPartition("b", 0);

  private final List<MockConsumer<byte[], byte[]>> made = new ArrayList<>();
  private final Consumer<byte[], byte[]> consumer =
      GlobalStoreConsumer.create(
          () -> {
            MockConsumer<byte[], byte[]> c =
                new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
            c.updateBeginningOffsets(Map.of(A, 0L, B, 0L));
            made.add(c);
            return c;
          });

  @Test
  void should_replaceTheConsumer_whenAssignedAfterAPoll() {
    consumer.assign(List.of(A));
    consumer.poll(Duration.ZERO);
    consumer.unsubscribe();

    consumer.assign(List.of(B));

    assertThat(made).hasSize(2);
    assertThat(made.get(0).closed()).isTrue();
    assertThat(made.get(1).closed()).isFalse();
    assertThat(made.get(1).assignment()).containsExactly(B);
    assertThat(consumer.assignment()).containsExactly(B);
  }

  @Test
  void should_keepTheConsumer_whenNothingWasPolledSinceTheLastAssign() {
    consumer.assign(List.of(A));
    consumer.unsubscribe();
    consumer.assign(List.of(A, B));
    consumer.poll(Duration.ZERO);
    consumer.poll(Duration.ZERO);

    assertThat(made).hasSize(1);
    assertThat(consumer.assignment()).isEqualTo(Set.of(A, B));
  }

  @Test
  void should_closeTheCurrentConsumer_whenClosed() {
    consumer.assign(List.of(A));
    consumer.poll(Duration.ZERO);
    consumer.assign(List.of(B));

    consumer.close();

    assertThat(made).allMatch(MockConsumer::closed);
  }

  @Test
  void should_throwWhatTheConsumerThrows() {
    consumer.assign(List.of(A));
    consumer.wakeup();

    assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(WakeupException.class);
  }
}
