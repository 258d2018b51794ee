package io.obsera.identity.sso;

import io.obsera.identity.IdentityException;
import io.obsera.model.Json;
import io.obsera.platform.crypto.SecretBox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A sign-in flow in progress between its start and the provider's callback: which tenant and
 * provider, the {@code state} the callback must bring back, the OIDC {@code nonce} the ID token
 * must carry and the PKCE code verifier. It travels in a cookie, sealed (AES-256-GCM under {@code
 * OBSERA_SECRET_KEY}, associated data {@code sso-flow}): the browser can neither read nor alter it,
 * any instance of the query service can open it, and it expires after {@link #TTL}.
 */
public record SsoFlow(
    String provider,
    String tenant,
    String state,
    String nonce,
    String codeVerifier,
    Instant expiresAt) {

  /** How long a started sign-in may take. */
  public static final Duration TTL = Duration.ofMinutes(10);

  private static final String AD = "sso-flow";

  /** The sealed cookie value. */
  public String seal(SecretBox box) {
    try {
      return box.seal(Json.MAPPER.writeValueAsString(this), AD);
    } catch (IOException e) {
      throw new IllegalStateException("a flow always serializes", e);
    }
  }

  /**
   * The flow in {@code sealed} when it opens, is of {@code provider}, has not expired at {@code
   * now} and its state equals {@code state}; else 400 naming what is wrong.
   */
  public static SsoFlow open(
      SecretBox box, String sealed, String provider, String state, Instant now) {
    if (sealed == null || sealed.isBlank()) {
      throw bad("no sign-in in progress in this browser (its cookie is missing): start again");
    }
    SsoFlow f;
    try {
      f = Json.MAPPER.readValue(box.open(sealed, AD), SsoFlow.class);
    } catch (IllegalArgumentException | IOException e) {
      throw bad("the sign-in cookie does not open: start again");
    }
    if (!provider.equals(f.provider())) {
      throw bad("the sign-in in progress is with " + f.provider() + ", not " + provider);
    }
    if (!now.isBefore(f.expiresAt())) {
      throw bad("the sign-in took longer than " + TTL.toMinutes() + " minutes: start again");
    }
    if (state == null
        || !java.security.MessageDigest.isEqual(
            state.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            f.state().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      throw bad("the sign-in's state does not match this browser's: start again");
    }
    return f;
  }

  private static IdentityException bad(String message) {
    return new IdentityException(IdentityException.Kind.BAD_REQUEST, message);
  }
}
