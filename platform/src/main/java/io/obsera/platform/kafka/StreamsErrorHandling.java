package io.obsera.platform.kafka;

import io.obsera.model.Topics;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * What the topology does with a record it cannot handle: never stall the partition. Poison
 * fragments are dead-lettered by the topology itself (with the reason); any other exception a
 * processor throws, or a record an internal serde cannot read, is logged, sent by Kafka Streams to
 * the same dead-letter topic (KIP-1034: the record with the exception class, message and stack
 * trace and its source topic, partition and offset in {@code __streams.errors.*} headers) and
 * skipped. The global SLO store uses the same handler.
 */
public final class StreamsErrorHandling {
  private StreamsErrorHandling() {}

  public static Properties apply(Properties p) {
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER);
    p.put("processing.exception.handler.global.enabled", "true");
    return p;
  }
}
