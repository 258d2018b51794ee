package io.obsera.identity;

import java.time.Instant;
import java.util.List;

/**
 * A user's TOTP enrolment (compacted totp topic, key: the user id). The secret is sealed under
 * {@code OBSERA_SECRET_KEY} bound to {@code totp|<userId>}; of the recovery codes only their
 * SHA-256 is kept, and a used one is removed. Active once {@code verifiedAt} is set; {@code
 * lastUsedStep} is the last 30-second step whose code was accepted (a code is good once).
 */
public record TotpRecord(
    String userId,
    String sealedSecret,
    List<String> recoveryCodeSha256,
    long lastUsedStep,
    Instant createdAt,
    Instant verifiedAt,
    Instant updatedAt) {

  public TotpRecord {
    recoveryCodeSha256 = recoveryCodeSha256 == null ? List.of() : List.copyOf(recoveryCodeSha256);
  }

  /** Whether its code has been confirmed once: only then does sign-in ask for it. */
  public boolean active() {
    return verifiedAt != null;
  }

  /** The associated data its secret is sealed with. */
  static String sealedFor(String userId) {
    return "totp|" + userId;
  }

  /** After a code of {@code step} was accepted (the first one verifies the enrolment). */
  TotpRecord used(long step, Instant at) {
    return new TotpRecord(
        userId,
        sealedSecret,
        recoveryCodeSha256,
        step,
        createdAt,
        verifiedAt == null ? at : verifiedAt,
        at);
  }

  TotpRecord withRecoveryCodes(List<String> sha256, Instant at) {
    return new TotpRecord(userId, sealedSecret, sha256, lastUsedStep, createdAt, verifiedAt, at);
  }

  TotpRecord withSealedSecret(String sealed) {
    return new TotpRecord(
        userId, sealed, recoveryCodeSha256, lastUsedStep, createdAt, verifiedAt, updatedAt);
  }
}
