package io.obsera.identity;

import io.obsera.model.control.ApiKeyToken;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: ten per enrolment, each 80 random bits shown once as four groups of
 * four base32 characters ({@code abcd-efgh-ijkl-mnop}); only their SHA-256 is stored (80 bits make
 * a slow hash unnecessary). Dashes, spaces and case do not matter when one is typed back.
 */
final class RecoveryCodes {
  static final int COUNT = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryCodes() {}

  /** {@link #COUNT} new codes, as shown to the user. */
  static List<String> generate() {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      byte[] raw = new byte[10];
      RANDOM.nextBytes(raw);
      String s = Totp.base32(raw).toLowerCase(Locale.ROOT);
      codes.add(
          s.substring(0, 4)
              + "-"
              + s.substring(4, 8)
              + "-"
              + s.substring(8, 12)
              + "-"
              + s.substring(12, 16));
    }
    return codes;
  }

  /** The stored form of a code as shown or typed back. */
  static String sha256(String code) {
    return ApiKeyToken.sha256(normalize(code));
  }

  static String normalize(String code) {
    return code.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
  }
}
