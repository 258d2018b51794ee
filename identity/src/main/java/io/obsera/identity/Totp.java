package io.obsera.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second
 * steps, a code of the step before or after the current one accepted (clock drift). A code is
 * accepted only for a step after the last step used, so a code cannot be used twice, not even
 * within its own step or window. What authenticator apps (Google Authenticator, 1Password, ...)
 * expect of an {@code otpauth://totp} URI without parameters.
 */
public final class Totp {
  /** Digits of a code. */
  public static final int DIGITS = 6;

  /** Seconds per step. */
  public static final long STEP_SECONDS = 30;

  /** Steps accepted before and after the current one. */
  static final int WINDOW = 1;

  /** Bytes of a new secret (160 bits, as RFC 4226 recommends for SHA-1). */
  static final int SECRET_BYTES = 20;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final Clock clock;

  public Totp(Clock clock) {
    this.clock = clock;
  }

  /** A new random secret. */
  static byte[] newSecret() {
    byte[] s = new byte[SECRET_BYTES];
    RANDOM.nextBytes(s);
    return s;
  }

  /** The step of {@code t}: whole 30-second steps since the epoch. */
  public static long stepAt(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
  }

  /** The current step on this clock. */
  public long currentStep() {
    return stepAt(clock.instant());
  }

  /** The 6-digit code of {@code secret} at {@code step}. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS, "HmacSHA1");
  }

  /** RFC 4226 HOTP of {@code counter} with {@code digits} digits under the HMAC {@code mac}. */
  static String code(byte[] secret, long counter, int digits, String mac) {
    byte[] h;
    try {
      Mac m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(secret, mac));
      h = m.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(mac + " is part of every JVM", e);
    }
    int offset = h[h.length - 1] & 0x0f;
    int binary =
        ((h[offset] & 0x7f) << 24)
            | ((h[offset + 1] & 0xff) << 16)
            | ((h[offset + 2] & 0xff) << 8)
            | (h[offset + 3] & 0xff);
    int otp = binary % (int) Math.pow(10, digits);
    return String.format("%0" + digits + "d", otp);
  }

  /**
   * The step within the window around now whose code is {@code code} and which comes after {@code
   * lastUsedStep}, or -1: a wrong code, one of a step too far away, or one already used (every step
   * of the window is compared, in constant time, whatever matches).
   */
  public long match(byte[] secret, String code, long lastUsedStep) {
    if (code == null) {
      return -1;
    }
    String presented = code.replace(" ", "").strip();
    if (presented.length() != DIGITS) {
      return -1;
    }
    long now = currentStep();
    long found = -1;
    for (long step = now - WINDOW; step <= now + WINDOW; step++) {
      boolean same =
          MessageDigest.isEqual(
              code(secret, step).getBytes(StandardCharsets.US_ASCII),
              presented.getBytes(StandardCharsets.UTF_8));
      if (same && step > lastUsedStep && found < 0) {
        found = step;
      }
    }
    return found;
  }

  /** RFC 4648 base32 without padding: the {@code secret} parameter of an otpauth URI. */
  public static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /** The bytes of an RFC 4648 base32 text (no padding; case and spaces ignored). */
  public static byte[] fromBase32(String text) {
    String s = text.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (v < 0) {
        throw new IllegalArgumentException("not base32: " + c);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
