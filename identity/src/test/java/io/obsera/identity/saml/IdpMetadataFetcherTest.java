package io.obsera.identity.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.identity.IdentityException;
import io.obsera.identity.sso.SsoHttp;
import io.obsera.identity.sso.SsoSettings;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SamlTestIdp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IdP metadata by URL: read over real HTTP, kept an hour, failures not kept, SSRF guard first. */
class IdpMetadataFetcherTest {
  static SamlTestIdp idp;
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T16:00:00Z"));

  @BeforeAll
  static void keys(@TempDir Path dir) {
    idp = SamlTestIdp.create(dir, "https://idp.example/saml");
  }

  @Test
  void should_readMetadata_andKeepItAnHour() {
    try (LocalHttpServer server =
        LocalHttpServer.http()
            .respond(
                s -> LocalHttpServer.Reply.of(200, idp.metadataXml("https://idp.example/sso")))) {
      IdpMetadataFetcher fetcher = new IdpMetadataFetcher(new SsoHttp(null), null, clock);
      String url = server.url("/metadata");
      SamlSettings settings =
          SamlSettings.of(
              "https://obsera.example",
              "acme",
              new SsoSettings.Saml(
                  null, "https://idp.example/metadata", null, null, null, "memberOf"),
              u -> fetcher.xml(url));
      assertThat(settings.idpEntityId()).isEqualTo("https://idp.example/saml");
      assertThat(settings.idpSsoUrl()).isEqualTo("https://idp.example/sso");
      assertThat(settings.idpCertificate()).isEqualTo(idp.certificate());
      assertThat(settings.groupsAttribute()).isEqualTo("memberOf");
      fetcher.xml(url);
      assertThat(server.seen()).hasSize(1);
      clock.advance(IdpMetadataFetcher.TTL.plus(Duration.ofSeconds(1)));
      fetcher.xml(url);
      assertThat(server.seen()).hasSize(2);
    }
  }

  @Test
  void should_notKeepAFailure() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalHttpServer server =
        LocalHttpServer.http()
            .respond(
                s ->
                    calls.incrementAndGet() == 1
                        ? LocalHttpServer.Reply.of(500, "down")
                        : LocalHttpServer.Reply.of(200, "<not-metadata/>"))) {
      IdpMetadataFetcher fetcher = new IdpMetadataFetcher(new SsoHttp(null), null, clock);
      assertThatThrownBy(() -> fetcher.xml(server.url("/m")))
          .isInstanceOf(IdentityException.class)
          .hasMessageContaining("answered HTTP 500")
          .satisfies(
              e ->
                  assertThat(((IdentityException) e).kind())
                      .isEqualTo(IdentityException.Kind.BAD_GATEWAY));
      assertThatThrownBy(() -> fetcher.xml(server.url("/m")))
          .hasMessageContaining("not usable IdP metadata");
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void should_refuseALoopbackAddress_beforeAnyRequest_evenAsAnIpLiteral() {
    try (LocalHttpServer server = LocalHttpServer.http()) {
      IdpMetadataFetcher fetcher =
          new IdpMetadataFetcher(new SsoHttp(TargetGuard.strict()), TargetGuard.strict(), clock);
      assertThatThrownBy(() -> fetcher.xml(server.url("/m")))
          .hasMessageContaining("IdP metadata URL is refused");
      assertThat(server.seen()).isEmpty();
    }
  }

  @Test
  void should_requireHttps_forTheMetadataUrl() {
    assertThatThrownBy(
            () ->
                SamlSettings.of(
                    "https://obsera.example",
                    "acme",
                    new SsoSettings.Saml(
                        null, "http://idp.example/metadata", null, null, null, null),
                    u -> idp.metadataXml("https://idp.example/sso")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an https URL");
  }
}
