package io.obsera.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import io.obsera.model.control.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsoSettingsTest {
  static final SsoSettings SETTINGS =
      new SsoSettings(
          "acme",
          new SsoSettings.Oidc("https://idp.example.com", "client", "v1:abcd:sealed", null),
          new SsoSettings.GitHub("gh", "v1:abcd:sealed-gh", "acme", Map.of("acme/sre", Role.ADMIN)),
          null,
          List.of("acme.example"),
          true,
          null,
          Map.of("devs", Role.EDITOR, "ops", Role.ADMIN),
          false,
          Instant.EPOCH,
          "test");

  @Test
  void should_leaveOutEverySealedSecret_whenRedacted() throws Exception {
    String json = Json.MAPPER.writeValueAsString(SETTINGS.redacted());

    assertThat(json).doesNotContain("v1:abcd").contains("https://idp.example.com");
  }

  @Test
  void should_defaultTheGroupsClaimAndRole() {
    assertThat(SETTINGS.oidc().groupsClaim()).isEqualTo("groups");
    assertThat(SETTINGS.defaultRole()).isEqualTo(Role.VIEWER);
    assertThat(SETTINGS.providers()).containsExactly("oidc", "github");
  }

  @Test
  void should_mapTheHighestRoleOfThePersonsGroups() {
    ExternalIdentity who =
        new ExternalIdentity("oidc", "s", "a@acme.example", true, null, List.of("devs", "ops"));
    ExternalIdentity none =
        new ExternalIdentity("oidc", "s", "a@acme.example", true, null, List.of("other"));

    assertThat(SsoSignIn.mappedRole(SETTINGS.roleMappingsFor("oidc"), who)).isEqualTo(Role.ADMIN);
    assertThat(SsoSignIn.mappedRole(SETTINGS.roleMappingsFor("oidc"), none)).isNull();
  }

  @Test
  void should_addGitHubTeams_onlyForGitHubSignIns() {
    assertThat(SETTINGS.roleMappingsFor("github")).containsEntry("acme/sre", Role.ADMIN);
    assertThat(SETTINGS.roleMappingsFor("oidc")).doesNotContainKey("acme/sre");
  }
}
