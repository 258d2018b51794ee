package io.obsera.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Signs control-plane records (held only by the writers of control records: the query service and
 * standalone). Versions are microseconds since the epoch, and always above the last one this signer
 * gave, so they grow per key across restarts and across writers with sane clocks.
 */
public final class ControlSigner {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;
  private final Clock clock;
  private final AtomicLong lastVersion = new AtomicLong();

  public ControlSigner(PrivateKey privateKey, PublicKey publicKey, Clock clock) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = ControlSignature.keyId(publicKey);
    this.clock = clock;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return keyId;
  }

  /** A version above every earlier one of this signer and at least the clock's microseconds. */
  public long nextVersion() {
    java.time.Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return lastVersion.updateAndGet(last -> Math.max(last + 1, micros));
  }

  /** The headers that make {@code value} under {@code key} a signed record of {@code topic}. */
  public Headers sign(String topic, String key, long version, boolean delete, byte[] value) {
    byte[] signature;
    try {
      Signature s = Signature.getInstance(ControlSignature.ALGORITHM);
      s.initSign(privateKey);
      s.update(ControlSignature.payload(topic, key, version, delete, value));
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a control record of " + topic, e);
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add(ControlSignature.KEY_ID_HEADER, keyId.getBytes(StandardCharsets.US_ASCII));
    headers.add(
        ControlSignature.VERSION_HEADER,
        Long.toString(version).getBytes(StandardCharsets.US_ASCII));
    headers.add(
        ControlSignature.OP_HEADER,
        (delete ? "delete" : "put").getBytes(StandardCharsets.US_ASCII));
    headers.add(ControlSignature.SIGNATURE_HEADER, signature);
    return headers;
  }
}
