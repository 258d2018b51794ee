package io.obsera.identity.saml;

import io.obsera.identity.IdentityException;
import io.obsera.platform.crypto.SecretBox;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Starting a SAML sign-in (SP-initiated, HTTP-Redirect binding) and remembering which request it
 * was without server state: the AuthnRequest's random ID travels to the browser sealed under {@code
 * OBSERA_SECRET_KEY} (AES-GCM, bound to the tenant, ten minutes), in an {@code HttpOnly} cookie
 * scoped to the tenant's SAML path, so any instance can check the {@code InResponseTo} of the
 * answer and only the browser that started the sign-in can finish it.
 */
public final class SamlRequests {
  /** How long a started sign-in may take at the IdP. */
  public static final Duration REQUEST_TTL = Duration.ofMinutes(10);

  /** The cookie that carries the sealed request ID between start and ACS. */
  public static final String COOKIE = "obsera_saml_request";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretBox box;
  private final Clock clock;

  public SamlRequests(SecretBox box, Clock clock) {
    this.box = box;
    this.clock = clock;
  }

  /**
   * A started sign-in: the IdP address to redirect the browser to, the request ID, and the sealed
   * value of the request cookie.
   */
  public record Started(String redirectUrl, String requestId, String cookieValue) {}

  /** Starts a sign-in of {@code tenant} at its IdP. */
  public Started start(String tenant, SamlSettings settings) {
    byte[] random = new byte[20];
    RANDOM.nextBytes(random);
    String id = "_" + HexFormat.of().formatHex(random);
    Instant now = clock.instant();
    String request = authnRequest(settings, id, now);
    String url =
        settings.idpSsoUrl()
            + (settings.idpSsoUrl().contains("?") ? "&" : "?")
            + "SAMLRequest="
            + URLEncoder.encode(deflate(request), StandardCharsets.UTF_8);
    String sealed = box.seal(id + "|" + now.plus(REQUEST_TTL).getEpochSecond(), binding(tenant));
    return new Started(url, id, sealed);
  }

  /**
   * The request ID sealed in {@code cookieValue} for {@code tenant}; a 401 when the cookie is
   * missing, altered, of another tenant or expired.
   */
  public String requestId(String tenant, String cookieValue) {
    if (cookieValue == null || cookieValue.isBlank()) {
      throw SamlResponseValidator.refused(
          "no sign-in was started in this browser (the " + COOKIE + " cookie is missing)");
    }
    String plain;
    try {
      plain = box.open(cookieValue, binding(tenant));
    } catch (IllegalArgumentException e) {
      throw SamlResponseValidator.refused("the " + COOKIE + " cookie is not one of ours");
    }
    int bar = plain.lastIndexOf('|');
    long expires = Long.parseLong(plain.substring(bar + 1));
    if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
      throw new IdentityException(
          IdentityException.Kind.BAD_CREDENTIALS,
          "SAML response refused: the sign-in was started more than "
              + REQUEST_TTL.toMinutes()
              + " minutes ago; start again");
    }
    return plain.substring(0, bar);
  }

  private static String binding(String tenant) {
    return "saml-request|" + tenant;
  }

  static String authnRequest(SamlSettings s, String id, Instant now) {
    return "<samlp:AuthnRequest xmlns:samlp=\""
        + SamlResponseValidator.SAMLP
        + "\" xmlns:saml=\""
        + SamlResponseValidator.SAML
        + "\" ID=\""
        + id
        + "\" Version=\"2.0\" IssueInstant=\""
        + now
        + "\" Destination=\""
        + SpMetadata.escape(s.idpSsoUrl())
        + "\" AssertionConsumerServiceURL=\""
        + SpMetadata.escape(s.acsUrl())
        + "\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
        + "<saml:Issuer>"
        + SpMetadata.escape(s.spEntityId())
        + "</saml:Issuer><samlp:NameIDPolicy Format=\""
        + SpMetadata.EMAIL_FORMAT
        + "\" AllowCreate=\"true\"/></samlp:AuthnRequest>";
  }

  /** DEFLATE (raw, RFC 1951) then base64, as the HTTP-Redirect binding asks. */
  private static String deflate(String xml) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFLATED, true);
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
      d.write(xml.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } finally {
      deflater.end();
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
