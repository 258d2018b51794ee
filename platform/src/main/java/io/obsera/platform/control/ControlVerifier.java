package io.obsera.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks the signature of control-plane records against the public keys every service holds.
 * Several keys may be trusted at once (a rotation window).
 */
public final class ControlVerifier {
  private final Map<String, PublicKey> keys = new LinkedHashMap<>();

  public ControlVerifier(Collection<PublicKey> trusted) {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("at least one control-record public key is required");
    }
    for (PublicKey k : trusted) {
      keys.put(ControlSignature.keyId(k), k);
    }
  }

  /** The ids of the trusted keys. */
  public Set<String> keyIds() {
    return Set.copyOf(keys.keySet());
  }

  /**
   * What a record says, if its signature holds.
   *
   * @param accepted whether the record is signed by a trusted key over exactly these bytes
   * @param delete whether it deletes the key
   * @param version its version (0 when not accepted)
   * @param problem why it is not accepted (null when accepted)
   */
  public record Verdict(boolean accepted, boolean delete, long version, String problem) {
    static Verdict refused(String problem) {
      return new Verdict(false, false, 0, problem);
    }
  }

  /** Checks one record ({@code value} null is a bare tombstone, which is never signed). */
  public Verdict verify(String topic, String key, byte[] value, Headers headers) {
    if (value == null) {
      return Verdict.refused("bare tombstone (deletions are signed records)");
    }
    if (headers == null) {
      return Verdict.refused("unsigned");
    }
    String keyId = text(headers, ControlSignature.KEY_ID_HEADER);
    String versionText = text(headers, ControlSignature.VERSION_HEADER);
    String op = text(headers, ControlSignature.OP_HEADER);
    Header sig = headers.lastHeader(ControlSignature.SIGNATURE_HEADER);
    if (keyId == null || versionText == null || op == null || sig == null || sig.value() == null) {
      return Verdict.refused("unsigned");
    }
    PublicKey publicKey = keys.get(keyId);
    if (publicKey == null) {
      return Verdict.refused("signed by an unknown key " + keyId);
    }
    long version;
    try {
      version = Long.parseLong(versionText);
    } catch (NumberFormatException e) {
      return Verdict.refused("malformed version");
    }
    boolean delete;
    if (op.equals("delete")) {
      delete = true;
    } else if (op.equals("put")) {
      delete = false;
    } else {
      return Verdict.refused("unknown operation " + op);
    }
    if (delete && value.length != 0) {
      return Verdict.refused("a deletion carries a value");
    }
    try {
      Signature s = Signature.getInstance(ControlSignature.ALGORITHM);
      s.initVerify(publicKey);
      s.update(ControlSignature.payload(topic, key, version, delete, value));
      if (!s.verify(sig.value())) {
        return Verdict.refused("bad signature");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Verdict.refused("bad signature: " + e.getMessage());
    }
    return new Verdict(true, delete, version, null);
  }

  /** Whether a record carries a signature at all (valid or not). */
  public static boolean carriesSignature(Headers headers) {
    return headers != null && headers.lastHeader(ControlSignature.SIGNATURE_HEADER) != null;
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
  }
}
