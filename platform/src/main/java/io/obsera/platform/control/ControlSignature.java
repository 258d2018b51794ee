package io.obsera.platform.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * How control-plane records are signed: an Ed25519 signature (JDK) over the topic, the key, a
 * version, the operation and the value, carried in record headers so the JSON value stays as it
 * was. A deletion is a signed record with an empty value and operation {@code delete}, never a bare
 * tombstone; the version grows per key so a view can refuse an older (replayed) record.
 */
public final class ControlSignature {
  /** The signature (64 bytes). */
  public static final String SIGNATURE_HEADER = "obsera.sig";

  /** The version, decimal ASCII. */
  public static final String VERSION_HEADER = "obsera.version";

  /** {@code put} or {@code delete}. */
  public static final String OP_HEADER = "obsera.op";

  /** Which key signed: {@link #keyId} of its public key. */
  public static final String KEY_ID_HEADER = "obsera.key-id";

  public static final String ALGORITHM = "Ed25519";

  private static final byte[] DOMAIN = "obsera-control-v1".getBytes(StandardCharsets.US_ASCII);

  private ControlSignature() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
    }
  }

  /** The first 8 bytes of the SHA-256 of the key's X.509 encoding, in hex. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes signed: domain, topic, key, version, operation and value, length-prefixed. */
  static byte[] payload(String topic, String key, long version, boolean delete, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + value.length);
    field(out, DOMAIN);
    field(out, topic.getBytes(StandardCharsets.UTF_8));
    field(out, key.getBytes(StandardCharsets.UTF_8));
    field(out, Long.toString(version).getBytes(StandardCharsets.US_ASCII));
    field(out, (delete ? "delete" : "put").getBytes(StandardCharsets.US_ASCII));
    field(out, value);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(bytes, 0, n);
  }
}
