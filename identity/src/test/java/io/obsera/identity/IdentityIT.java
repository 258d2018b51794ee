package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.obsera.model.Topics;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users, memberships and sessions over the real compacted topics, two instances side by side. */
class IdentityIT {
  static final IdentityConfig CONFIG =
      new IdentityConfig(Duration.ofMinutes(30), Duration.ofHours(8), 2, 19456);
  static final ManualClock clock = new ManualClock(Instant.now());
  static ControlPlaneWriter writer;
  static Identity one;
  static Identity two;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    writer = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    one = new Identity(kafka, Map.of(), TestControlKeys.verifier(), writer, CONFIG, clock).start();
    two = new Identity(kafka, Map.of(), TestControlKeys.verifier(), writer, CONFIG, clock).start();
    assertThat(one.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    assertThat(two.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
    writer.close();
  }

  static String email() {
    return "u-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void should_useASessionOnEitherInstance_andRefuseItOnBoth_afterSignOut() {
    String email = email();
    UserRecord u = one.createUser(email, "Ada", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.EDITOR, "test");
    SignIn in = one.login(email.toUpperCase(), "correct horse battery", null, "10.1.1.1");
    assertThat(in.tenantId()).isEqualTo("t-" + u.id());
    assertThat(in.role()).isEqualTo(Role.EDITOR);
    assertThat(in.session().token()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(one.session(in.session().token())).isPresent();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> two.session(in.session().token()).isPresent());

    two.sessions().revoke(in.session().token());
    assertThat(two.session(in.session().token())).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> one.session(in.session().token()).isEmpty());
  }

  @Test
  void should_answerTheSame_forAWrongPasswordAndAnUnknownEmail() {
    String email = email();
    UserRecord u = one.createUser(email, "Bo", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.VIEWER, "test");
    assertThatThrownBy(() -> one.login(email, "wrong horse battery", null, "10.1.1.2"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IdentityException.Kind.BAD_CREDENTIALS);
              assertThat(e).hasMessage("wrong email or password");
            });
    assertThatThrownBy(() -> one.login(email(), "correct horse battery", null, "10.1.1.2"))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e).hasMessage("wrong email or password"));
    assertThatThrownBy(() -> one.login(email, "correct horse battery", "elsewhere", "10.1.1.2"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityException.Kind.FORBIDDEN));
  }

  @Test
  void should_endSessions_whenIdleOrPastTheirMaximum() {
    String email = email();
    UserRecord u = one.createUser(email, "Cy", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.ADMIN, "test");
    String idle = one.signIn(u, null).session().token();
    String busy = one.signIn(u, null).session().token();
    for (int i = 0; i < 23; i++) {
      clock.advance(Duration.ofMinutes(20));
      assertThat(one.session(busy)).as("used every 20 min, step %d", i).isPresent();
      if (i == 0) {
        assertThat(one.session(idle)).isPresent();
      }
    }
    assertThat(one.session(idle)).as("idle for more than 30 min").isEmpty();
    clock.advance(Duration.ofMinutes(20));
    assertThat(one.session(busy)).as("8 h after sign-in").isEmpty();
  }

  @Test
  void should_refuseToRemoveOrDemoteTheLastAdmin() {
    String tenant = "t-" + UUID.randomUUID();
    UserRecord a = one.createUser(email(), "Di", "correct horse battery", "test");
    UserRecord b = one.createUser(email(), "Ed", "correct horse battery", "test");
    one.setRole(tenant, a.id(), Role.ADMIN, "test");
    one.setRole(tenant, b.id(), Role.EDITOR, "test");
    assertThatThrownBy(() -> one.setRole(tenant, a.id(), Role.EDITOR, "test"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityException.Kind.CONFLICT));
    assertThatThrownBy(() -> one.directory().removeMembership(tenant, a.id()))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("last admin");
    assertThat(one.directory().membership(tenant, a.id()).orElseThrow().role())
        .isEqualTo(Role.ADMIN);
    one.setRole(tenant, b.id(), Role.ADMIN, "test");
    one.setRole(tenant, a.id(), Role.VIEWER, "test");
    one.directory().removeMembership(tenant, a.id());
    assertThat(one.directory().members(tenant))
        .extracting(MembershipRecord::userId)
        .containsExactly(b.id());
  }

  @Test
  void should_offerAFirstAdminInvite_untilTheTenantHasAMember() {
    String tenant = "t-" + UUID.randomUUID();
    Invites.Issued first = one.invites().firstAdmin(tenant, null, "bootstrap").orElseThrow();
    Invites.Issued again = one.invites().firstAdmin(tenant, null, "bootstrap").orElseThrow();
    assertThatThrownBy(() -> one.invites().byToken(first.token()))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityException.Kind.GONE));
    String email = email();
    UserRecord u =
        one.invites().accept(again.token(), email, "First", "correct horse battery", one.hasher());
    assertThat(u.email()).isEqualTo(email);
    assertThat(one.directory().membership(tenant, u.id()).orElseThrow().role())
        .isEqualTo(Role.ADMIN);
    assertThat(one.invites().firstAdmin(tenant, null, "bootstrap")).isEmpty();
    assertThatThrownBy(() -> one.invites().byToken(again.token())).hasMessageContaining("accepted");
  }

  /** The values {@code key} had in {@code topic}, oldest first (null: a tombstone). */
  static List<byte[]> history(String topic, String key) {
    return TestKafka.readAll(topic).stream()
        .filter(r -> key.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  static boolean tombstoned(String topic, String key) {
    List<byte[]> h = history(topic, key);
    return !h.isEmpty() && h.get(h.size() - 1) == null;
  }

  @Test
  void should_tombstoneSessions_pastTheirIdleOrAbsoluteExpiry_andKeepLiveOnes() {
    UserRecord u = one.createUser(email(), "Fay", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.VIEWER, "test");
    String idle = one.signIn(u, null).session().token();
    String busy = one.signIn(u, null).session().token();
    clock.advance(Duration.ofMinutes(20));
    assertThat(one.session(busy)).isPresent();
    clock.advance(Duration.ofMinutes(20));

    assertThat(one.sweepExpired()).isGreaterThanOrEqualTo(1);

    assertThat(tombstoned(Topics.CONTROL_SESSIONS, Sessions.idOf(idle)))
        .as("idle for 40 min of 30")
        .isTrue();
    assertThat(history(Topics.CONTROL_SESSIONS, Sessions.idOf(busy)))
        .as("used 20 min ago: no tombstone")
        .doesNotContainNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> two.session(idle).isEmpty());
    assertThat(one.session(busy)).isPresent();

    for (int i = 0; i < 24; i++) { // used every 20 min, until 8 h after sign-in
      clock.advance(Duration.ofMinutes(20));
      one.session(busy);
    }
    one.sweepExpired();
    assertThat(tombstoned(Topics.CONTROL_SESSIONS, Sessions.idOf(busy)))
        .as("past its absolute expiry")
        .isTrue();
    await() // a last activity record written after the sweep is an orphan the next sweep removes
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              one.sweepExpired();
              return tombstoned(Topics.CONTROL_SESSION_ACTIVITY, Sessions.idOf(busy));
            });
  }

  @Test
  void should_setThePasswordOnce_andEndEverySession_throughAResetLink() {
    String email = email();
    UserRecord u = one.createUser(email, "Gus", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.EDITOR, "test");
    String session = one.signIn(u, null).session().token();
    PasswordResets.Issued link = one.passwordResets().issue(email.toUpperCase()).orElseThrow();
    assertThat(link.reset().tokenSha256()).isNotEqualTo(link.token()).hasSize(64);

    assertThatThrownBy(() -> one.resetPassword(link.token(), "too short"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IdentityException.Kind.BAD_REQUEST);
              assertThat(e).hasMessageContaining("at least 12 characters");
            });
    assertThat(one.session(session)).as("a refused password changes nothing").isPresent();

    one.resetPassword(link.token(), "a brand new passphrase");

    assertThat(one.login(email, "a brand new passphrase", null, "10.1.2.1").user().id())
        .isEqualTo(u.id());
    assertThatThrownBy(() -> one.login(email, "correct horse battery", null, "10.1.2.1"))
        .isInstanceOf(IdentityException.class);
    assertThat(one.session(session)).as("sessions end with the old password").isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> two.session(session).isEmpty());

    assertThatThrownBy(() -> two.resetPassword(link.token(), "an attacker's passphrase"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IdentityException.Kind.GONE);
              assertThat(e).hasMessageContaining("used");
            });
    assertThat(one.login(email, "a brand new passphrase", null, "10.1.2.1")).isNotNull();
    assertThatThrownBy(() -> one.resetPassword("no-such-token", "an attacker's passphrase"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityException.Kind.NOT_FOUND));
  }

  @Test
  void should_refuseASessionStartedJustBeforeAPasswordReset_thatTheResettingInstanceNeverListed() {
    String email = email();
    UserRecord u = one.createUser(email, "Hal", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.EDITOR, "test");
    // instance two starts a session now; its record reaches the topic only after instance one
    // has listed the account's sessions to end them
    String late = "late-" + UUID.randomUUID();
    Instant startedAt = clock.instant();
    SessionRecord started =
        new SessionRecord(
            Sessions.idOf(late), u.id(), "t-" + u.id(), startedAt, startedAt.plusSeconds(3600));
    clock.advance(Duration.ofMillis(5));
    PasswordResets.Issued link = one.passwordResets().issue(email).orElseThrow();
    one.resetPassword(link.token(), "a brand new passphrase");
    writer.put(Topics.CONTROL_SESSIONS, started.id(), started);
    // a session after the reset, written after the late one to the one-partition topic
    clock.advance(Duration.ofMillis(5));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> two.directory().membership("t-" + u.id(), u.id()).isPresent());
    String after = two.signIn(u, null).session().token();
    for (Identity i : List.of(one, two)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> i.session(after).isPresent());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> i.directory().user(u.id()).map(UserRecord::sessionsValidFrom).isPresent());
      assertThat(i.session(late)).as("started before the reset, never listed").isEmpty();
    }
  }

  @Test
  void should_refuseAnExpiredResetLink_changingNothing_andTombstoneIt() {
    String email = email();
    UserRecord u = one.createUser(email, "Hal", "correct horse battery", "test");
    one.setRole("t-" + u.id(), u.id(), Role.VIEWER, "test");
    PasswordResets.Issued link = one.passwordResets().issue(email).orElseThrow();
    assertThat(one.passwordResets().issue(email)).as("one link a minute at most").isEmpty();

    clock.advance(CONFIG.passwordResetTtl());

    assertThatThrownBy(() -> one.resetPassword(link.token(), "a brand new passphrase"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IdentityException.Kind.GONE);
              assertThat(e).hasMessageContaining("expired");
            });
    assertThat(one.login(email, "correct horse battery", null, "10.1.3.1").user().id())
        .isEqualTo(u.id());
    one.sweepExpired();
    assertThat(tombstoned(Topics.CONTROL_PASSWORD_RESETS, u.id()))
        .as("kept a day, answering 410")
        .isFalse();
    clock.advance(PasswordResets.KEPT_AFTER_EXPIRY);
    one.sweepExpired();
    assertThat(tombstoned(Topics.CONTROL_PASSWORD_RESETS, u.id())).isTrue();

    PasswordResets.Issued again = one.passwordResets().issue(email).orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    PasswordResets.Issued replacing = one.passwordResets().issue(email).orElseThrow();
    assertThat(replacing.token()).isNotEqualTo(again.token());
    assertThatThrownBy(() -> one.resetPassword(again.token(), "a brand new passphrase"))
        .as("a new link replaces the last")
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityException.Kind.NOT_FOUND));
  }
}
