package io.obsera.testing;

import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlSigner;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.control.ControlVerifier;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The control-record key pair of a test JVM: the services under test trust it, and test fixtures
 * write control records signed with it (as the query service does in production).
 */
public final class TestControlKeys {
  private static final KeyPair PAIR = ControlSignature.generate();
  private static final ControlTrust TRUST =
      ControlTrust.signing(PAIR, Clock.systemUTC(), List.of());

  private TestControlKeys() {}

  /** Signs and verifies with the JVM's pair (the query service's view of it). */
  public static ControlTrust trust() {
    return TRUST;
  }

  /** Verifies only (every other service's view of it). */
  public static ControlTrust verifying() {
    return ControlTrust.verifying(List.of(PAIR.getPublic()));
  }

  public static ControlSigner signer() {
    return TRUST.requireSigner();
  }

  public static ControlVerifier verifier() {
    return TRUST.verifier();
  }

  /**
   * The headers of {@code value} under {@code key} as the query service would sign it ({@code
   * value} null: a signed deletion, whose value is {@link #value} of null).
   */
  public static Headers headers(String topic, String key, byte[] value) {
    return signer().sign(topic, key, signer().nextVersion(), value == null, value(value));
  }

  /** The value as written: a deletion's value is empty, never a bare tombstone. */
  public static byte[] value(byte[] value) {
    return value == null ? new byte[0] : value;
  }

  /**
   * A control record for a {@code TopologyTestDriver} input topic, signed as the query service
   * would sign it ({@code value} null: a signed deletion); {@code time} null: the topic's time.
   */
  public static TestRecord<String, byte[]> record(
      String topic, String key, byte[] value, Instant time) {
    return new TestRecord<>(key, value(value), headers(topic, key, value), time);
  }

  /**
   * A record for a Kafka producer: signed as the query service would sign it when {@code topic} is
   * a control topic ({@code obsera.control.*}) or {@code alsoSign} (a test's own channels topic),
   * as it is otherwise.
   */
  public static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> producerRecord(
      String topic, String key, byte[] value, boolean alsoSign) {
    if (!alsoSign && !topic.startsWith("obsera.control.")) {
      return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value);
    }
    return new org.apache.kafka.clients.producer.ProducerRecord<>(
        topic, null, key, value(value), headers(topic, key, value));
  }

  /** Whether {@code record} of {@code topic} is a deletion signed with the test JVM's key. */
  public static boolean isSignedDeletion(
      String topic, org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
    ControlVerifier.Verdict v =
        verifier().verify(topic, record.key(), record.value(), record.headers());
    return v.accepted() && v.delete();
  }

  public static KeyPair pair() {
    return PAIR;
  }
}
