package io.obsera.platform.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The main consumer of a stream thread: Kafka's, except that a close that keeps the group
 * membership (how Kafka Streams closes it at a stop) waits at most {@link #CLOSE_WAIT} for the
 * fetch in flight.
 *
 * <p>An idle consumer has one fetch in flight, which the broker holds up to {@code
 * fetch.max.wait.ms}. A close sends the fetch session's close on the same connection, behind that
 * fetch, and waits for its answer: a stop would wait for the held fetch. With the membership kept
 * the close has little else to wait for: Kafka Streams commits (through its producer, under
 * exactly-once) before it closes the consumer, no group is left, and a fetch session that is not
 * closed is dropped by the broker as after a crash. What is left is a request to the group
 * coordinator that may be in flight (a heartbeat), answered in milliseconds: the close waits for it
 * first, on the same timer, and Kafka logs a WARN when it had to leave one behind (a close with no
 * wait did, now and then). A close that leaves the group (a stream thread replaced, {@code
 * CloseOptions.leaveGroup}) keeps Kafka's wait so that the leave is sent.
 */
final class MainConsumer extends KafkaConsumer<byte[], byte[]> {
  MainConsumer(Map<String, Object> config) {
    super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The longest a close that keeps the membership waits (the fetch's hold is 3 s). */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  @Override
  public void close(CloseOptions options) {
    super.close(withoutWait(options));
  }

  /** {@code options}, waiting at most {@link #CLOSE_WAIT} when the membership is kept. */
  static CloseOptions withoutWait(CloseOptions options) {
    if (options.groupMembershipOperation() != GroupMembershipOperation.REMAIN_IN_GROUP) {
      return options;
    }
    Duration wait = options.timeout().filter(t -> t.compareTo(CLOSE_WAIT) < 0).orElse(CLOSE_WAIT);
    return CloseOptions.timeout(wait)
        .withGroupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP);
  }
}
