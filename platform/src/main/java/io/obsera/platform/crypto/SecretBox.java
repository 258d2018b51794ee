package io.obsera.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
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
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  /** A box over a 32-byte key. */
  public SecretBox(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the secret key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.keyId = keyIdOf(key);
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
    if (!id.equals(keyId)) {
      throw new IllegalArgumentException(
          "secret was sealed under key " + id + ", this service has key " + keyId);
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
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
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
