package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.obsera.identity.TotpEnrolments.Proof;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TOTP enrolment, sign-in with a second factor and the tenant policy over the real topics. */
class TotpEnrolmentsIT {
  static final String PASSWORD = "correct horse battery";
  static final String KEY_BASE64 = SecretBox.newKeyBase64();
  static final SecretBox KEY = SecretBox.fromBase64("OBSERA_SECRET_KEY", KEY_BASE64);
  static final ManualClock clock = new ManualClock(Instant.now());
  static ControlPlaneWriter writer;
  static Identity one;
  static Identity two;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    writer = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    one = identity(kafka);
    two = identity(kafka);
  }

  static Identity identity(String kafka) throws InterruptedException {
    Identity i =
        new Identity(
                kafka, Map.of(), TestControlKeys.verifier(), writer, IdentityIT.CONFIG, KEY, clock)
            .start();
    assertThat(i.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    return i;
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
    writer.close();
  }

  static UserRecord member(String tenant) {
    UserRecord u = one.createUser("u-" + UUID.randomUUID() + "@example.com", "Ada", PASSWORD, "t");
    one.setRole(tenant, u.id(), Role.EDITOR, "test");
    return u;
  }

  /** The current code of an enrolment, as the user's app shows it. */
  static String code(TotpEnrolments.Enrolment e, long stepOffset) {
    String query = URI.create(e.otpauthUri()).getRawQuery();
    String secret = query.substring("secret=".length(), query.indexOf('&'));
    return Totp.code(Totp.fromBase32(secret), Totp.stepAt(clock.instant()) + stepOffset);
  }

  static IdentityException.Kind refusal(Runnable r) {
    try {
      r.run();
    } catch (IdentityException e) {
      return e.kind();
    }
    return null;
  }

  @Test
  void should_askForTheCode_onlyOnceEnrolmentIsVerified_andAcceptEachCodeOnce() {
    String tenant = "t-" + UUID.randomUUID();
    UserRecord u = member(tenant);
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    assertThat(e.otpauthUri())
        .startsWith("otpauth://totp/Obsera:")
        .contains("secret=" + e.secret())
        .endsWith("&issuer=Obsera");
    assertThat(e.recoveryCodes()).hasSize(10);
    // not verified yet: the password alone still signs in
    assertThat(one.login(u.email(), PASSWORD, null, "10.0.0.1").user().id()).isEqualTo(u.id());
    assertThat(refusal(() -> one.totp().verify(u.id(), "000000")))
        .isEqualTo(IdentityException.Kind.FORBIDDEN);
    String first = code(e, 0);
    assertThat(one.totp().verify(u.id(), first).active()).isTrue();

    assertThatThrownBy(() -> one.login(u.email(), PASSWORD, null, "10.0.0.1"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            x -> assertThat(x.kind()).isEqualTo(IdentityException.Kind.MFA_REQUIRED));
    // the code used to verify is spent, on the other instance too
    assertThat(refusal(() -> two.login(u.email(), PASSWORD, new Proof(first, null), null, "a")))
        .isEqualTo(IdentityException.Kind.BAD_CREDENTIALS);
    clock.advance(Duration.ofSeconds(30));
    String next = code(e, 0);
    assertThat(two.login(u.email(), PASSWORD, new Proof(next, null), null, "a").tenantId())
        .isEqualTo(tenant);
    await().until(() -> one.totp().of(u.id()).orElseThrow().lastUsedStep() > 0);
    assertThat(refusal(() -> one.login(u.email(), PASSWORD, new Proof(next, null), null, "b")))
        .isEqualTo(IdentityException.Kind.BAD_CREDENTIALS);
  }

  @Test
  void should_acceptEachRecoveryCodeOnce_andDisableOnlyWithAFreshCode() {
    UserRecord u = member("t-" + UUID.randomUUID());
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    one.totp().verify(u.id(), code(e, 0));
    String recovery = e.recoveryCodes().get(3).toUpperCase();
    assertThat(one.login(u.email(), PASSWORD, new Proof(null, recovery), null, "c").user().id())
        .isEqualTo(u.id());
    assertThat(one.totp().of(u.id()).orElseThrow().recoveryCodeSha256()).hasSize(9);
    assertThat(refusal(() -> one.login(u.email(), PASSWORD, new Proof(null, recovery), null, "c")))
        .isEqualTo(IdentityException.Kind.BAD_CREDENTIALS);

    assertThat(refusal(() -> one.disableTotp(u, Proof.NONE, "c")))
        .isEqualTo(IdentityException.Kind.FORBIDDEN);
    assertThat(refusal(() -> one.disableTotp(u, new Proof("123456", null), "c")))
        .isEqualTo(IdentityException.Kind.FORBIDDEN);
    clock.advance(Duration.ofSeconds(30));
    one.disableTotp(u, new Proof(code(e, 0), null), "c");
    assertThat(one.totp().of(u.id())).isEmpty();
    assertThat(one.login(u.email(), PASSWORD, null, "c").user().id()).isEqualTo(u.id());
  }

  @Test
  void should_countWrongCodes_inTheSignInThrottle() {
    UserRecord u = member("t-" + UUID.randomUUID());
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    one.totp().verify(u.id(), code(e, 0));
    String address = "10.9." + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(
              refusal(
                  () -> one.login(u.email(), PASSWORD, new Proof("000000", null), null, address)))
          .isEqualTo(IdentityException.Kind.BAD_CREDENTIALS);
    }
    // the right code now waits too: wrong codes count like wrong passwords
    assertThat(
            refusal(
                () -> one.login(u.email(), PASSWORD, new Proof(code(e, 1), null), null, address)))
        .isEqualTo(IdentityException.Kind.THROTTLED);
    // asking for the code (no code given) counts nothing
    UserRecord v = member("t-" + UUID.randomUUID());
    one.totp().verify(v.id(), code(one.totp().enrol(v), 0));
    for (int i = 0; i < 7; i++) {
      String from = "10.8." + i;
      assertThat(refusal(() -> one.login(v.email(), PASSWORD, null, from)))
          .isEqualTo(IdentityException.Kind.MFA_REQUIRED);
    }
  }

  @Test
  void should_storeTheSecretSealed_andRecoveryCodesHashed() throws Exception {
    UserRecord u = member("t-" + UUID.randomUUID());
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    String stored = null;
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.CONTROL_TOTP)) {
      if (r.key().equals(u.id()) && r.value() != null) {
        stored = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    assertThat(stored).isNotNull().doesNotContain(e.secret());
    for (String c : e.recoveryCodes()) {
      assertThat(stored).doesNotContain(c).doesNotContain(c.replace("-", ""));
    }
    TotpRecord r = one.totp().of(u.id()).orElseThrow();
    assertThat(KEY.open(r.sealedSecret(), "totp|" + u.id())).isEqualTo(e.secret());
    // bound to its user: moved to another account it does not open
    assertThatThrownBy(() -> KEY.open(r.sealedSecret(), "totp|someone-else"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_resealTheSecret_underANewKey_whichStillOpensWithThePrevious() throws Exception {
    UserRecord u = member("t-" + UUID.randomUUID());
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    byte[] json = Json.MAPPER.writeValueAsBytes(one.totp().of(u.id()).orElseThrow());
    String newKey = SecretBox.newKeyBase64();
    SecretBox rotated = SecretBox.fromBase64("K", newKey);
    // rotation not begun: the old key does not know the new one, nothing to do under the old one
    assertThat(TotpEnrolments.resealer(KEY).apply(json)).isNull();
    SecretBox during = rotated.withPrevious("OBSERA_SECRET_KEY_PREVIOUS", KEY_BASE64);
    byte[] resealed = TotpEnrolments.resealer(during).apply(json);
    TotpRecord r = Json.MAPPER.readValue(resealed, TotpRecord.class);
    assertThat(SecretBox.sealedUnder(r.sealedSecret())).isEqualTo(rotated.keyId());
    assertThat(rotated.open(r.sealedSecret(), "totp|" + u.id())).isEqualTo(e.secret());
    assertThat(TotpEnrolments.resealer(during).apply(resealed)).isNull();
  }

  @Test
  void should_restrictTheSession_whenTheTenantRequiresMfa_untilEnrolled() {
    String tenant = "t-" + UUID.randomUUID();
    UserRecord u = member(tenant);
    assertThat(one.login(u.email(), PASSWORD, null, "d").session().session().restricted())
        .isFalse();
    one.policies().put(tenant, true, "user:admin");
    await().until(() -> two.policies().mfaRequired(tenant));
    SignIn restricted = two.login(u.email(), PASSWORD, null, "d");
    assertThat(restricted.session().session().restricted()).isTrue();
    // the other instance sees the same restriction once it has read the session
    await().until(() -> one.session(restricted.session().token()).isPresent());
    assertThat(one.session(restricted.session().token()).orElseThrow().session().restricted())
        .isTrue();
    TotpEnrolments.Enrolment e = one.totp().enrol(u);
    one.verifyTotp(u, code(e, 0), "d");
    clock.advance(Duration.ofSeconds(30));
    SignIn full = one.login(u.email(), PASSWORD, new Proof(code(e, 0), null), null, "d");
    assertThat(full.session().session().restricted()).isFalse();
  }
}
