package io.obsera.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets (channel passwords, tokens, webhook URLs) for storage in control-plane
 * topics: AES-256-GCM with a random 96-bit nonce and caller-supplied associated data (e.g. {@code
 * tenant|channel|field}), so a sealed value only opens in the place it was sealed for.
 *
 * <p>Sealed form: {@code v1:<key id>:<base64url(nonce || ciphertext+tag)>}, where the key id is the
 * first 8 hex digits of SHA-256 of the key: a value sealed under another key is reported as such
 * rather than as corrupt.
 *
 * <p>Rotation: a box may also hold previous keys ({@link #withPrevious}); it seals under the
 * current key only and opens a value under whichever of its keys the value's key id names, and
 * {@link #reseal} moves a value sealed under a previous key to the current one.
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;
  private final Map<String, SecretKeySpec> previous;

  /** A box over a 32-byte key. */
  public SecretBox(byte[] key) {
    this(spec(key), Map.of());
  }

  private SecretBox(SecretKeySpec key, Map<String, SecretKeySpec> previous) {
    this.key = key;
    this.keyId = keyIdOf(key.getEncoded());
    this.previous = Map.copyOf(previous);
  }

  private static SecretKeySpec spec(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the secret key must be 32 bytes");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * This box, also opening values sealed under the keys in {@code values} (comma-separated base64,
   * each 32 bytes; blank: none), e.g. {@code OBSERA_SECRET_KEY_PREVIOUS} during a rotation. It
   * still seals under its current key only; messages name {@code variable}.
   */
  public SecretBox withPrevious(String variable, String values) {
    Map<String, SecretKeySpec> all = new LinkedHashMap<>(previous);
    if (values != null) {
      for (String part : values.split(",")) {
        if (!part.isBlank()) {
          SecretBox old = fromBase64(variable, part);
          if (!old.keyId.equals(keyId)) {
            all.put(old.keyId, old.key);
          }
        }
      }
    }
    return new SecretBox(key, all);
  }

  /** The ids of the previous keys this box still opens with (empty outside a rotation). */
  public Set<String> previousKeyIds() {
    return new TreeSet<>(previous.keySet());
  }

  /**
   * A box over the base64 (standard or URL-safe) key in environment variable {@code variable}; the
   * message names the variable when it is missing or not 32 bytes.
   */
  public static SecretBox fromBase64(String variable, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          variable + " is required: 32 random bytes in base64 (e.g. `openssl rand -base64 32`)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value.strip().replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + " must be base64: " + e.getMessage());
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          variable + " must decode to 32 bytes (AES-256), got " + raw.length);
    }
    return new SecretBox(raw);
  }

  /** The id of the key {@code sealed} names, or null when it is not a sealed value. */
  public static String sealedUnder(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      return null;
    }
    int colon = sealed.indexOf(':', PREFIX.length());
    return colon < 0 ? null : sealed.substring(PREFIX.length(), colon);
  }

  /** Whether every one of {@code sealed} is under the current key (none: true). */
  public boolean allCurrent(java.util.Collection<String> sealed) {
    return sealed == null || sealed.stream().allMatch(v -> keyId.equals(sealedUnder(v)));
  }

  /**
   * {@code sealed} under the current key: unchanged when it is already, else opened under the
   * previous key it names and sealed again (same associated data). Throws like {@link #open}.
   */
  public String reseal(String sealed, String associatedData) {
    return keyId.equals(sealedUnder(sealed))
        ? sealed
        : seal(open(sealed, associatedData), associatedData);
  }

  /** A new random key, base64 encoded: what standalone writes when none is configured. */
  public static String newKeyBase64() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  public String keyId() {
    return keyId;
  }

  public String seal(String plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array();
      return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  /**
   * Opens a value sealed by {@link #seal} with the same associated data. Throws {@link
   * IllegalArgumentException} when it is malformed, sealed under another key, or altered (or moved
   * to other associated data).
   */
  public String open(String sealed, String associatedData) {
    if (sealed == null || !sealed.startsWith(PREFIX) || sealed.indexOf(':', PREFIX.length()) < 0) {
      throw new IllegalArgumentException("not a sealed secret (expected v1:<key id>:<data>)");
    }
    int colon = sealed.indexOf(':', PREFIX.length());
    String id = sealed.substring(PREFIX.length(), colon);
    SecretKeySpec opener = id.equals(keyId) ? key : previous.get(id);
    if (opener == null) {
      throw new IllegalArgumentException(
          "secret was sealed under key "
              + id
              + ", this service has key "
              + keyId
              + (previous.isEmpty()
                  ? ""
                  : " (previous: " + String.join(", ", previousKeyIds()) + ")"));
    }
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed secret is not base64url");
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed secret is too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, opener, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] pt = c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(pt, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed secret does not open: altered or moved");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  private static String keyIdOf(byte[] key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(d).substring(0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
