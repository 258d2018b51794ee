package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.obsera.identity.IdentityConfig;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.channel.SmtpTls;
import io.obsera.model.audit.AuditEvent;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.platform.send.MailConfig;
import io.obsera.platform.send.SmtpMail;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import io.obsera.testing.vendor.SendGridReceiver;
import io.obsera.testing.vendor.VendorReceiver;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invite and password reset mails through the operator's sender: a real SMTP server (GreenMail) and
 * the local SendGrid that checks requests as SendGrid documents them. Reset links work once, end
 * the account's sessions, and used or expired ones change nothing.
 */
@ExtendWith(ObseraServersExtension.class)
class IdentityMailIT {
  static final String PUBLIC_URL = "http://obsera.test";
  static final String SENDGRID_KEY = "SG.test-key-" + UUID.randomUUID();
  static final String NEW_PASSWORD = "a brand new passphrase";

  static IdentityItServer it;
  static GreenMail smtp;
  static SendGridReceiver sendGrid;
  static ManualClock clock;
  static QueryServer viaSmtp;
  static QueryServer viaSendGrid;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(Scope.INGEST));
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    sendGrid = new SendGridReceiver(SENDGRID_KEY);
    clock = new ManualClock(Instant.now());
    viaSmtp =
        it.newServer(
            IdentityConfig.defaults()
                .withMail(
                    new MailConfig(
                        "obsera@example.com",
                        new SmtpMail.Server(
                            "127.0.0.1", smtp.getSmtp().getPort(), SmtpTls.NONE, null, null),
                        null,
                        null),
                    PUBLIC_URL),
            clock);
    viaSendGrid =
        it.newServer(
            IdentityConfig.defaults()
                .withMail(
                    new MailConfig(
                        "obsera@example.com",
                        null,
                        "http://127.0.0.1:" + sendGrid.port(),
                        SENDGRID_KEY),
                    PUBLIC_URL));
  }

  @AfterAll
  static void stop() {
    viaSmtp.close();
    viaSendGrid.close();
    it.service.close();
    smtp.stop();
    sendGrid.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static HttpResponse<String> post(QueryServer s, String path, String body) throws Exception {
    return it.call(s, "POST", path, Caller.ANONYMOUS, body);
  }

  static HttpResponse<String> invite(QueryServer s, Caller admin, String email, Role role)
      throws Exception {
    HttpResponse<String> r =
        it.call(
            s,
            "POST",
            "/api/v1/invites",
            admin,
            "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r;
  }

  static HttpResponse<String> askReset(QueryServer s, String email) throws Exception {
    return post(s, "/api/v1/auth/password-reset", "{\"email\":\"" + email + "\"}");
  }

  static HttpResponse<String> reset(QueryServer s, String token, String password) throws Exception {
    return post(s, "/api/v1/auth/password-reset/" + token, "{\"password\":\"" + password + "\"}");
  }

  static HttpResponse<String> login(QueryServer s, String email, String password) throws Exception {
    return post(
        s, "/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  /** The plain text of the mails GreenMail received for {@code to}. */
  static List<String> mailsTo(String to) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
          .anyMatch(a -> a.toString().equalsIgnoreCase(to))) {
        out.add((String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent());
      }
    }
    return out;
  }

  static String awaitLink(String to, String kind) {
    Pattern link = Pattern.compile(Pattern.quote(PUBLIC_URL + "/" + kind + "/") + "([\\w-]+)");
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                mailsTo(to).stream()
                    .map(link::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .reduce((a, b) -> b),
            Optional::isPresent)
        .orElseThrow();
  }

  @Test
  void should_mailAResetLink_thatWorksOnce_andEndsEverySession() throws Exception {
    String email = it.user(it.tenantA, Role.EDITOR);
    Caller session = it.signIn(viaSmtp, "editor", email);

    HttpResponse<String> asked = askReset(viaSmtp, email);
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    String token = awaitLink(email, "password-reset");
    assertThat(mailsTo(email).get(0)).contains("works once");

    HttpResponse<String> weak = reset(viaSmtp, token, "too short");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(json(weak).get("message").asText()).contains("12 characters");
    assertThat(it.call(viaSmtp, "GET", "/api/v1/me", session, null).statusCode())
        .as("a refused password changes nothing")
        .isEqualTo(200);

    HttpResponse<String> done = reset(viaSmtp, token, NEW_PASSWORD);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);

    assertThat(it.call(viaSmtp, "GET", "/api/v1/me", session, null).statusCode())
        .as("the old session ended")
        .isEqualTo(401);
    assertThat(login(viaSmtp, email, IdentityItServer.PASSWORD).statusCode()).isEqualTo(401);
    assertThat(login(viaSmtp, email, NEW_PASSWORD).statusCode()).isEqualTo(200);

    HttpResponse<String> again = reset(it.service, token, "an attacker's passphrase");
    assertThat(again.statusCode()).as("used, on another instance too").isEqualTo(410);
    assertThat(json(again).get("message").asText()).contains("used");
    assertThat(login(viaSmtp, email, NEW_PASSWORD).statusCode()).isEqualTo(200);

    HttpResponse<String> unknown = reset(viaSmtp, "not-a-token", NEW_PASSWORD);
    assertThat(unknown.statusCode()).isEqualTo(404);

    String userId = json(login(viaSmtp, email, NEW_PASSWORD)).get("user").get("id").asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> audited("POST /api/v1/auth/password-reset/{token}", "user:" + userId));
    assertThat(
            TestKafka.readAll(Topics.AUDIT).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.contains(token) || v.contains(NEW_PASSWORD)))
        .as("neither the token nor the password is in the audit log")
        .isEmpty();
  }

  static boolean audited(String action, String actor) {
    return TestKafka.readAll(Topics.AUDIT).stream()
        .map(r -> readEvent(r.value()))
        .anyMatch(e -> e.action().equals(action) && e.actor().equals(actor) && e.outcome() == 204);
  }

  static AuditEvent readEvent(byte[] value) {
    try {
      return Json.MAPPER.readValue(value, AuditEvent.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void should_refuseAnExpiredResetLink_andChangeNothing() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);
    assertThat(askReset(viaSmtp, email).statusCode()).isEqualTo(202);
    String token = awaitLink(email, "password-reset");

    clock.advance(IdentityConfig.defaults().passwordResetTtl().plusSeconds(1));

    HttpResponse<String> late = reset(viaSmtp, token, NEW_PASSWORD);
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(json(late).get("message").asText()).contains("expired");
    assertThat(login(viaSmtp, email, IdentityItServer.PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void should_answerAnUnknownAddressTheSame_asFast_andSendItNothing() throws Exception {
    String known = it.user(it.tenantA, Role.VIEWER);
    String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
    HttpResponse<String> forKnown = askReset(viaSmtp, known);
    HttpResponse<String> forUnknown = askReset(viaSmtp, unknown);
    assertThat(forUnknown.statusCode()).isEqualTo(forKnown.statusCode()).isEqualTo(202);
    assertThat(forUnknown.body()).isEqualTo(forKnown.body());
    HttpResponse<String> noSender = askReset(it.service, known);
    assertThat(noSender.statusCode()).isEqualTo(202);
    assertThat(noSender.body()).as("without a mail sender too").isEqualTo(forKnown.body());

    awaitLink(known, "password-reset");
    assertThat(mailsTo(unknown)).isEmpty();

    long[] knownNanos = new long[60];
    long[] unknownNanos = new long[60];
    for (int i = 0; i < 60; i++) {
      long t0 = System.nanoTime();
      askReset(viaSmtp, known);
      long t1 = System.nanoTime();
      askReset(viaSmtp, "nobody-" + i + "-" + UUID.randomUUID() + "@example.com");
      long t2 = System.nanoTime();
      knownNanos[i] = t1 - t0;
      unknownNanos[i] = t2 - t1;
    }
    double knownMs = median(knownNanos) / 1e6;
    double unknownMs = median(unknownNanos) / 1e6;
    System.out.printf(
        "password-reset request median: existing account %.2f ms, unknown address %.2f ms%n",
        knownMs, unknownMs);
    // the same work on the request thread either way: medians differ by the machine's noise only
    assertThat(Math.abs(knownMs - unknownMs)).isLessThan(10.0);
    assertThat(mailsTo(known)).as("one link a minute per account at most").hasSize(1);
  }

  static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  @Test
  void should_mailTheInviteLink_andLeaveItOutOfTheAnswer() throws Exception {
    Caller admin = it.signIn(viaSmtp, "admin", it.user(it.tenantA, Role.ADMIN));
    String invitee = "inv-" + UUID.randomUUID() + "@example.com";
    HttpResponse<String> created = invite(viaSmtp, admin, invitee, Role.VIEWER);
    assertThat(json(created).get("emailed").asBoolean()).isTrue();
    assertThat(json(created).get("inviteUrl").isNull()).isTrue();

    String token = awaitLink(invitee, "invite");
    assertThat(it.call(viaSmtp, "GET", "/api/v1/invites/" + token, Caller.ANONYMOUS, null))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);
    HttpResponse<String> accepted =
        post(
            viaSmtp,
            "/api/v1/invites/" + token + "/accept",
            "{\"name\":\"Ivy\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(json(accepted).get("role").asText()).isEqualTo("VIEWER");

    HttpResponse<String> withoutSender =
        invite(
            it.service,
            it.signIn(it.service, "admin", it.user(it.tenantA, Role.ADMIN)),
            "inv-" + UUID.randomUUID() + "@example.com",
            Role.VIEWER);
    assertThat(json(withoutSender).get("emailed").asBoolean()).isFalse();
    assertThat(json(withoutSender).get("inviteUrl").asText()).contains("/invite/");
  }

  @Test
  void should_sendInviteAndResetMails_throughSendGrid_asItDocuments() throws Exception {
    Caller admin = it.signIn(viaSendGrid, "admin", it.user(it.tenantA, Role.ADMIN));
    String invitee = "inv-" + UUID.randomUUID() + "@example.com";
    invite(viaSendGrid, admin, invitee, Role.EDITOR);
    JsonNode invite =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> sentTo(invitee), Optional::isPresent)
            .orElseThrow();
    assertThat(invite.at("/from/email").asText()).isEqualTo("obsera@example.com");
    assertThat(invite.at("/content/0/type").asText()).isEqualTo("text/plain");
    assertThat(invite.at("/content/0/value").asText()).contains(PUBLIC_URL + "/invite/");

    String email = it.user(it.tenantA, Role.VIEWER);
    assertThat(askReset(viaSendGrid, email).statusCode()).isEqualTo(202);
    JsonNode mail =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> sentTo(email), Optional::isPresent)
            .orElseThrow();
    Matcher link =
        Pattern.compile(Pattern.quote(PUBLIC_URL + "/password-reset/") + "([\\w-]+)")
            .matcher(mail.at("/content/0/value").asText());
    assertThat(link.find()).isTrue();
    assertThat(reset(viaSendGrid, link.group(1), NEW_PASSWORD).statusCode()).isEqualTo(204);
    assertThat(reset(viaSendGrid, link.group(1), NEW_PASSWORD).statusCode()).isEqualTo(410);
    assertThat(login(viaSendGrid, email, NEW_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(sendGrid.exchanges())
        .as("every request as SendGrid documents it")
        .extracting(VendorReceiver.Exchange::status)
        .containsOnly(202);
  }

  /** The mail/send body SendGrid accepted for {@code to}. */
  static Optional<JsonNode> sentTo(String to) throws Exception {
    for (VendorReceiver.Received r : sendGrid.accepted()) {
      JsonNode body = Json.MAPPER.readTree(r.body());
      if (body.at("/personalizations/0/to/0/email").asText().equals(to)) {
        return Optional.of(body);
      }
    }
    return Optional.empty();
  }
}
