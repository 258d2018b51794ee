package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.FakeGitHub.Account;
import io.obsera.query.identity.FakeGitHub.Email;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.query.identity.SsoBrowser.Landing;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub sign-in against a local server that answers as GitHub documents (OAuth web application
 * flow, REST API), with {@code OBSERA_GITHUB_URL} and {@code OBSERA_GITHUB_API_URL} pointing at it.
 */
class SsoGitHubIT {
  static final AtomicLong IDS = new AtomicLong(1000);
  static IdentityItServer it;
  static FakeGitHub github;
  static QueryServer service;
  static String domain;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    github = new FakeGitHub();
    service = it.newSsoServer("", new SsoConfig(github.url(), github.url() + "/api"));
    domain = "gh-" + it.suffix + ".example";
    Caller admin = it.signIn(service, "admin", it.user(it.tenantA, Role.ADMIN));
    HttpResponse<String> put =
        it.call(
            service,
            "PUT",
            "/api/v1/sso",
            admin,
            "{\"github\":{\"clientId\":\""
                + github.clientId
                + "\",\"clientSecret\":\""
                + github.clientSecret
                + "\",\"org\":\"acme\",\"teamRoles\":{\"acme/sre\":\"EDITOR\"}},"
                + "\"allowedEmailDomains\":[\""
                + domain
                + "\"],\"jitProvisioning\":true}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    it.service.close();
    github.close();
  }

  static Landing signIn(Account who) throws Exception {
    github.next = who;
    return SsoBrowser.follow(
        URI.create(it.base(service) + "/api/v1/auth/github/" + it.tenantA + "/start"));
  }

  static Account account(List<Email> emails, List<String> orgs, List<String> teams) {
    long id = IDS.incrementAndGet();
    return new Account(id, "octo" + id, emails, orgs, teams);
  }

  String email() {
    return "o-" + UUID.randomUUID() + "@" + domain;
  }

  @Test
  void should_signIn_withThePrimaryVerifiedEmail_andTeamRole() throws Exception {
    String email = email();

    Landing l =
        signIn(
            account(
                List.of(new Email("x-" + email, false, false), new Email(email, true, true)),
                List.of("acme"),
                List.of("acme/sre", "other/sre")));

    assertThat(l.signedIn()).as(l.last().body()).isTrue();
    HttpResponse<String> me =
        it.call(service, "GET", "/api/v1/me", new Caller("gh", null, l.session(), null), null);
    JsonNode body = Json.MAPPER.readTree(me.body());
    assertThat(body.path("user").path("email").asText()).isEqualTo(email);
    assertThat(body.path("role").asText()).isEqualTo("EDITOR");
  }

  @Test
  void should_refuseAndCreateNothing_whenThePrimaryEmailIsNotVerified() throws Exception {
    String email = email();

    Landing l = signIn(account(List.of(new Email(email, true, false)), List.of("acme"), List.of()));

    assertThat(l.last().statusCode()).as(l.last().body()).isEqualTo(403);
    assertThat(l.last().body()).contains("not verified");
    assertThat(l.session()).isNull();
    assertThat(service.identity().directory().userByEmail(email)).isEmpty();
  }

  @Test
  void should_refuse_whenOnlyASecondaryEmailIsVerifiedAndKnown() throws Exception {
    String member = it.user(it.tenantA, Role.VIEWER);
    String primary = "primary-" + UUID.randomUUID() + "@elsewhere.example";

    Landing l =
        signIn(
            account(
                List.of(new Email(primary, true, true), new Email(member, false, true)),
                List.of("acme"),
                List.of()));

    assertThat(l.last().statusCode()).as(l.last().body()).isEqualTo(403);
    assertThat(l.last().body()).contains(primary);
    assertThat(l.session()).isNull();
    assertThat(service.identity().directory().userByEmail(primary)).isEmpty();
  }

  @Test
  void should_refuse_whenNotAMemberOfTheOrganisation() throws Exception {
    String email = email();

    Landing l = signIn(account(List.of(new Email(email, true, true)), List.of(), List.of()));

    assertThat(l.last().statusCode()).as(l.last().body()).isEqualTo(403);
    assertThat(l.last().body()).contains("not an active member of the organisation acme");
    assertThat(service.identity().directory().userByEmail(email)).isEmpty();
  }
}
