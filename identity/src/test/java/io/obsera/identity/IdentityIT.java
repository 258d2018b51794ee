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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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
}
