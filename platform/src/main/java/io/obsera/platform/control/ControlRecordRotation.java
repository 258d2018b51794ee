package io.obsera.platform.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the control records to the current keys after a rotation: the latest accepted record of
 * each key that was signed by another trusted key is signed again by the writer's key, and a value
 * a rewriter changes (secrets sealed under a previous {@code OBSERA_SECRET_KEY}) is written anew.
 *
 * <p>Both keep the record's version, partition and operation: views accept a record whose version
 * equals the one they hold, so a record rewritten here replaces its original, while a change
 * another writer made meanwhile (a higher version) is never overwritten, whatever the order the two
 * land in. Only records the verifier accepts are touched: an unsigned or forged record is never
 * signed by this.
 */
public final class ControlRecordRotation {
  private static final Logger log = LoggerFactory.getLogger(ControlRecordRotation.class);

  /**
   * What a pass did.
   *
   * @param resigned records signed again by the current key, value unchanged
   * @param rewritten records whose value a rewriter changed (re-sealed), signed by the current key
   * @param failed records a rewriter could not rewrite (logged; their values stay as they were,
   *     signed again like the others)
   */
  public record Result(int resigned, int rewritten, int failed) {}

  private record Latest(int partition, long version, boolean delete, byte[] value, String keyId) {}

  private ControlRecordRotation() {}

  /**
   * One pass over every partition of {@code topics}.
   *
   * @param rewriters per topic: the value with its secrets under the current key, or null when it
   *     needs no change (may throw: the record is counted as failed and its value kept)
   */
  public static Result run(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      ControlPlaneWriter writer,
      List<String> topics,
      Map<String, UnaryOperator<byte[]>> rewriters) {
    int[] counts = new int[3];
    ControlPartitions.each(
        bootstrapServers,
        kafkaOverrides,
        "obsera-control-rotation-",
        topics,
        (consumer, tp) -> {
          read(consumer, verifier, tp)
              .forEach(
                  (key, l) ->
                      rotate(writer, tp.topic(), key, l, rewriters.get(tp.topic()), counts));
          return 0;
        });
    return new Result(counts[0], counts[1], counts[2]);
  }

  /**
   * The latest accepted record of each key of one partition (the views' rule: no older version).
   */
  private static Map<String, Latest> read(
      KafkaConsumer<String, byte[]> consumer, ControlVerifier verifier, TopicPartition tp) {
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    Map<String, Latest> latest = new LinkedHashMap<>();
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.key() == null) {
          continue;
        }
        ControlVerifier.Verdict v = verifier.verify(tp.topic(), r.key(), r.value(), r.headers());
        Latest before = latest.get(r.key());
        if (v.accepted() && (before == null || v.version() >= before.version())) {
          Header keyId = r.headers().lastHeader(ControlSignature.KEY_ID_HEADER);
          latest.put(
              r.key(),
              new Latest(
                  r.partition(),
                  v.version(),
                  v.delete(),
                  r.value(),
                  new String(keyId.value(), StandardCharsets.US_ASCII)));
        }
      }
    }
    return latest;
  }

  private static void rotate(
      ControlPlaneWriter writer,
      String topic,
      String key,
      Latest l,
      UnaryOperator<byte[]> rewriter,
      int[] counts) {
    byte[] rewritten = null;
    if (!l.delete() && rewriter != null) {
      try {
        rewritten = rewriter.apply(l.value());
      } catch (RuntimeException e) {
        // still signed again below: the record stays readable, only that secret does not open
        counts[2]++;
        log.warn("cannot move {} {} to the current secret key: {}", topic, key, e.getMessage());
      }
    }
    if (rewritten != null) {
      writer.rewrite(topic, l.partition(), key, l.version(), l.delete(), rewritten);
      counts[1]++;
    } else if (!l.keyId().equals(writer.signerKeyId())) {
      writer.rewrite(topic, l.partition(), key, l.version(), l.delete(), l.value());
      counts[0]++;
    }
  }
}
