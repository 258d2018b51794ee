package io.obsera.model.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer token a client presents. Issued tokens look like {@code obs_<keyId>_<secret>}; a token
 * supplied by an operator (e.g. {@code OBSERA_API_KEY}) may be any string of 16+ characters, and
 * its key id is then derived from its hash.
 */
public record ApiKeyToken(String keyId, String secret) {
  private static final Pattern ISSUED = Pattern.compile("obs_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  /** A new random token. */
  public static ApiKeyToken generate() {
    byte[] id = new byte[6];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return new ApiKeyToken(
        HEX.formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Parses what a client sent; operator-chosen tokens get a derived key id. */
  public static ApiKeyToken parse(String token) {
    Matcher m = ISSUED.matcher(token);
    if (m.matches()) {
      return new ApiKeyToken(m.group(1), m.group(2));
    }
    return new ApiKeyToken("x" + sha256(token).substring(0, 11), token);
  }

  /** Validates an operator-chosen token, naming the variable in the error. */
  public static ApiKeyToken fromOperator(String variable, String token) {
    if (token == null || token.length() < 16 || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          variable + " must be at least 16 characters without spaces");
    }
    return parse(token);
  }

  /** The string the client sends as {@code Authorization: Bearer <token>}. */
  public String token() {
    return keyId.startsWith("x") ? secret : "obs_" + keyId + "_" + secret;
  }

  public String secretSha256() {
    return sha256(secret);
  }

  public static String sha256(String s) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
