package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SHA256_SEED =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SHA512_SEED =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 appendix B: every time, every mode, 8 digits. */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082, 46119246, 90693936",
    "1111111109, 07081804, 68084774, 25091201",
    "1111111111, 14050471, 67062674, 99943326",
    "1234567890, 89005924, 91819424, 93441116",
    "2000000000, 69279037, 90698825, 38618901",
    "20000000000, 65353130, 77737706, 47863826"
  })
  void should_matchTheRfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
    long step = Totp.stepAt(Instant.ofEpochSecond(seconds));
    assertThat(Totp.code(SHA1_SEED, step, 8, "HmacSHA1")).isEqualTo(sha1);
    assertThat(Totp.code(SHA256_SEED, step, 8, "HmacSHA256")).isEqualTo(sha256);
    assertThat(Totp.code(SHA512_SEED, step, 8, "HmacSHA512")).isEqualTo(sha512);
    // the 6-digit code apps show is the last six digits of the same value
    assertThat(Totp.code(SHA1_SEED, step)).isEqualTo(sha1.substring(2));
  }

  @Test
  void should_acceptTheStepBeforeAndAfter_butNotTwoAway() {
    ManualClock clock = new ManualClock(Instant.ofEpochSecond(1111111111));
    Totp totp = new Totp(clock);
    long now = totp.currentStep();
    for (long d = -1; d <= 1; d++) {
      assertThat(totp.match(SHA1_SEED, Totp.code(SHA1_SEED, now + d), -1)).isEqualTo(now + d);
    }
    assertThat(totp.match(SHA1_SEED, Totp.code(SHA1_SEED, now - 2), -1)).isEqualTo(-1);
    assertThat(totp.match(SHA1_SEED, Totp.code(SHA1_SEED, now + 2), -1)).isEqualTo(-1);
    assertThat(totp.match(SHA1_SEED, "000000x", -1)).isEqualTo(-1);
    assertThat(totp.match(SHA1_SEED, null, -1)).isEqualTo(-1);
  }

  @Test
  void should_refuseACodeAlreadyUsed_withinItsStepAndWindow() {
    ManualClock clock = new ManualClock(Instant.ofEpochSecond(1234567890));
    Totp totp = new Totp(clock);
    long now = totp.currentStep();
    String code = Totp.code(SHA1_SEED, now);
    long used = totp.match(SHA1_SEED, code, -1);
    assertThat(used).isEqualTo(now);
    assertThat(totp.match(SHA1_SEED, code, used)).isEqualTo(-1);
    clock.advance(Duration.ofSeconds(30)); // still in the window, as the step before
    assertThat(totp.match(SHA1_SEED, code, used)).isEqualTo(-1);
    // an earlier step's code after a later one was used: refused too
    assertThat(totp.match(SHA1_SEED, Totp.code(SHA1_SEED, now - 1), used)).isEqualTo(-1);
    assertThat(totp.match(SHA1_SEED, Totp.code(SHA1_SEED, now + 1), used)).isEqualTo(now + 1);
  }

  @Test
  void should_encodeBase32_asRfc4648() {
    // RFC 4648 section 10 (without padding)
    assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Totp.base32("fo".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXQ");
    assertThat(Totp.base32(SHA1_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(SHA1_SEED);
    assertThat(Totp.fromBase32("mzxw 6ytb oi")).isEqualTo("foobar".getBytes());
  }

  @Test
  void should_makeTenDistinctRecoveryCodes_readableWithOrWithoutDashes() {
    var codes = RecoveryCodes.generate();
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertThat(codes).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
    String c = codes.get(0);
    assertThat(RecoveryCodes.sha256(c.replace("-", "").toUpperCase()))
        .isEqualTo(RecoveryCodes.sha256(c));
  }

  @Test
  void should_makeAnOtpauthUri_thatAuthenticatorAppsRead() {
    assertThat(TotpEnrolments.otpauthUri("ada+ops@example.com", "GEZDGNBV"))
        .isEqualTo("otpauth://totp/Obsera:ada%2Bops%40example.com?secret=GEZDGNBV&issuer=Obsera");
  }
}
