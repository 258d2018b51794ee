package io.obsera.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.identity.IdentityException;
import io.obsera.platform.crypto.SecretBox;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SsoFlowTest {
  static final SecretBox BOX = SecretBox.fromBase64("test", SecretBox.newKeyBase64());
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final SsoFlow FLOW =
      new SsoFlow("oidc", "acme", "state-1", "nonce-1", "verifier-1", NOW.plus(SsoFlow.TTL));

  @Test
  void should_openItsOwnCookie_withTheMatchingState() {
    assertThat(SsoFlow.open(BOX, FLOW.seal(BOX), "oidc", "state-1", NOW)).isEqualTo(FLOW);
  }

  @Test
  void should_hideTheNonceAndVerifier_fromTheBrowser() {
    assertThat(FLOW.seal(BOX)).doesNotContain("nonce-1").doesNotContain("verifier-1");
  }

  @Test
  void should_refuse_whenTheStateDiffers() {
    assertThatThrownBy(() -> SsoFlow.open(BOX, FLOW.seal(BOX), "oidc", "state-2", NOW))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("state does not match");
  }

  @Test
  void should_refuse_whenAltered() {
    String sealed = FLOW.seal(BOX);
    String altered =
        sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
    assertThatThrownBy(() -> SsoFlow.open(BOX, altered, "oidc", "state-1", NOW))
        .hasMessageContaining("does not open");
  }

  @Test
  void should_refuse_whenExpiredOrOfAnotherProvider() {
    assertThatThrownBy(
            () -> SsoFlow.open(BOX, FLOW.seal(BOX), "oidc", "state-1", NOW.plus(SsoFlow.TTL)))
        .hasMessageContaining("longer than 10 minutes");
    assertThatThrownBy(() -> SsoFlow.open(BOX, FLOW.seal(BOX), "github", "state-1", NOW))
        .hasMessageContaining("is with oidc");
  }

  @Test
  void should_refuse_withoutACookie() {
    assertThatThrownBy(() -> SsoFlow.open(BOX, null, "oidc", "state-1", NOW))
        .hasMessageContaining("cookie is missing");
  }
}
