package io.obsera.identity;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import io.obsera.platform.crypto.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * TOTP second factors: enrolment (a new secret, shown once as an {@code otpauth://} URI, and ten
 * single-use recovery codes), activation by a first code, the check at sign-in, disabling with a
 * fresh code or a recovery code, and an admin's reset. The secret is sealed under {@code
 * OBSERA_SECRET_KEY} (bound to the user), recovery codes are stored as SHA-256, and each accepted
 * code moves {@code lastUsedStep} forward, so no code is accepted twice. Writes return once this
 * instance's view shows them; one instance serializes its checks (two instances could each accept
 * the same code within the same second, as with any replicated store without consensus).
 */
public final class TotpEnrolments {
  /** A new enrolment: what the user sees once. */
  public record Enrolment(String otpauthUri, String secret, List<String> recoveryCodes) {}

  /** The second factor given with a sign-in or a disable: a TOTP code or a recovery code. */
  public record Proof(String totp, String recoveryCode) {
    public static final Proof NONE = new Proof(null, null);

    public boolean isEmpty() {
      return blank(totp) && blank(recoveryCode);
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }

  static final String ISSUER = "Obsera";

  private final KeyedTopicView<TotpRecord> view;
  private final ControlPlaneWriter writer;
  private final SecretBox box;
  private final Totp totp;
  private final Clock clock;

  TotpEnrolments(
      KeyedTopicView<TotpRecord> view, ControlPlaneWriter writer, SecretBox box, Clock clock) {
    this.view = view;
    this.writer = writer;
    this.box = box;
    this.totp = new Totp(clock);
    this.clock = clock;
  }

  /** The enrolment of {@code userId}, active or waiting for its first code. */
  public Optional<TotpRecord> of(String userId) {
    return view.get(userId);
  }

  /** Whether {@code userId} has an active TOTP enrolment (sign-in asks for a code). */
  public boolean active(String userId) {
    return of(userId).map(TotpRecord::active).orElse(false);
  }

  /**
   * Starts an enrolment of {@code user}: a new secret and recovery codes, replacing one not yet
   * verified. 409 when an active one exists (disable it first).
   */
  public synchronized Enrolment enrol(UserRecord user) {
    if (active(user.id())) {
      throw new IdentityException(
          IdentityException.Kind.CONFLICT,
          "multi-factor sign-in is already on; disable it (with a code) before enrolling again");
    }
    byte[] secret = Totp.newSecret();
    String base32 = Totp.base32(secret);
    List<String> codes = RecoveryCodes.generate();
    Instant now = clock.instant();
    write(
        new TotpRecord(
            user.id(),
            box.seal(base32, TotpRecord.sealedFor(user.id())),
            codes.stream().map(RecoveryCodes::sha256).toList(),
            -1,
            now,
            null,
            now));
    return new Enrolment(otpauthUri(user.email(), base32), base32, codes);
  }

  /** {@code otpauth://totp/Obsera:<email>?secret=...&issuer=Obsera} (Key Uri Format). */
  static String otpauthUri(String email, String base32Secret) {
    String label = enc(ISSUER) + ":" + enc(email);
    return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + enc(ISSUER);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Activates the enrolment of {@code userId} with a first code of its authenticator. 404 without
   * an enrolment, 409 when it is already active, 403 for a wrong code.
   */
  public synchronized TotpRecord verify(String userId, String code) {
    TotpRecord r =
        of(userId)
            .orElseThrow(
                () ->
                    new IdentityException(
                        IdentityException.Kind.NOT_FOUND,
                        "no multi-factor enrolment to verify; start one with POST /api/v1/me/totp"));
    if (r.active()) {
      throw new IdentityException(
          IdentityException.Kind.CONFLICT, "multi-factor sign-in is already verified");
    }
    long step = totp.match(secretOf(r), code, r.lastUsedStep());
    if (step < 0) {
      throw wrongCode();
    }
    TotpRecord verified = r.used(step, clock.instant());
    write(verified);
    return verified;
  }

  /**
   * Whether {@code proof} is a good second factor of {@code userId}'s active enrolment; a good code
   * is used up (its step, or the recovery code) before this returns.
   */
  public synchronized boolean check(String userId, Proof proof) {
    Optional<TotpRecord> found = of(userId).filter(TotpRecord::active);
    if (found.isEmpty() || proof == null || proof.isEmpty()) {
      return false;
    }
    TotpRecord r = found.get();
    Instant now = clock.instant();
    if (proof.recoveryCode() != null && !proof.recoveryCode().isBlank()) {
      String sha = RecoveryCodes.sha256(proof.recoveryCode());
      if (!r.recoveryCodeSha256().contains(sha)) {
        return false;
      }
      List<String> left = new ArrayList<>(r.recoveryCodeSha256());
      left.remove(sha);
      write(r.withRecoveryCodes(left, now));
      return true;
    }
    long step = totp.match(secretOf(r), proof.totp(), r.lastUsedStep());
    if (step < 0) {
      return false;
    }
    write(r.used(step, now));
    return true;
  }

  /**
   * Turns multi-factor sign-in off for {@code userId}: an active enrolment needs a fresh code or a
   * recovery code (403 otherwise); one not yet verified goes without. 404 without an enrolment.
   */
  public synchronized void disable(String userId, Proof proof) {
    TotpRecord r = of(userId).orElseThrow(TotpEnrolments::notEnrolled);
    if (r.active() && !check(userId, proof)) {
      throw wrongCode();
    }
    remove(userId);
  }

  /** Removes {@code userId}'s enrolment, whatever its state (an admin's reset); 404 without one. */
  public synchronized void reset(String userId) {
    of(userId).orElseThrow(TotpEnrolments::notEnrolled);
    remove(userId);
  }

  private void remove(String userId) {
    writer.delete(Topics.CONTROL_TOTP, userId);
    Visibility.await("multi-factor removal", () -> view.get(userId).isEmpty());
  }

  private byte[] secretOf(TotpRecord r) {
    return Totp.fromBase32(box.open(r.sealedSecret(), TotpRecord.sealedFor(r.userId())));
  }

  /**
   * The key rotation's rewriter of the totp topic ({@code ControlRecordRotation}, beside {@code
   * SealedRecords}): a record's JSON with its secret sealed under {@code box}'s current key, or
   * null when it already is.
   */
  public static UnaryOperator<byte[]> resealer(SecretBox box) {
    return json -> {
      try {
        TotpRecord r = Json.MAPPER.readValue(json, TotpRecord.class);
        if (r.sealedSecret() == null || box.allCurrent(List.of(r.sealedSecret()))) {
          return null;
        }
        String sealed = box.reseal(r.sealedSecret(), TotpRecord.sealedFor(r.userId()));
        return Json.MAPPER.writeValueAsBytes(r.withSealedSecret(sealed));
      } catch (IOException e) {
        throw new UncheckedIOException("not a TotpRecord: " + e.getMessage(), e);
      }
    };
  }

  private void write(TotpRecord r) {
    writer.put(Topics.CONTROL_TOTP, r.userId(), r);
    Visibility.await("multi-factor enrolment", () -> r.equals(view.get(r.userId()).orElse(null)));
  }

  static IdentityException wrongCode() {
    return new IdentityException(
        IdentityException.Kind.FORBIDDEN, "wrong or already used code; use the current code");
  }

  private static IdentityException notEnrolled() {
    return new IdentityException(
        IdentityException.Kind.NOT_FOUND, "multi-factor sign-in is not on for this account");
  }
}
