package io.obsera.identity.saml;

import io.obsera.identity.sso.SsoSettings;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * What a tenant's SAML sign-in is checked against: this service provider's entity id and assertion
 * consumer URL (both derived from {@code OBSERA_PUBLIC_URL}, never from a request), and the
 * identity provider's entity id, single sign-on URL and signing certificate.
 *
 * @param spEntityId our entity id: the only accepted {@code Audience}
 * @param acsUrl our assertion consumer URL: the only accepted {@code Destination} and {@code
 *     Recipient}
 * @param idpEntityId the only accepted {@code Issuer}
 * @param idpSsoUrl where AuthnRequests are sent (HTTP-Redirect binding)
 * @param idpCertificate the only key a signature is verified with (a key inside a message is never
 *     used)
 * @param groupsAttribute the name of the attribute whose values are the user's groups
 */
public record SamlSettings(
    String spEntityId,
    String acsUrl,
    String idpEntityId,
    String idpSsoUrl,
    X509Certificate idpCertificate,
    String groupsAttribute) {
  /** The groups attribute when a tenant names none. */
  public static final String DEFAULT_GROUPS_ATTRIBUTE = "groups";

  public SamlSettings {
    requireText("spEntityId", spEntityId);
    requireText("acsUrl", acsUrl);
    requireText("idpEntityId", idpEntityId);
    requireText("idpSsoUrl", idpSsoUrl);
    if (!idpSsoUrl.matches("https?://\\S+")) {
      throw new IllegalArgumentException("the IdP's SSO URL must be an http(s) URL: " + idpSsoUrl);
    }
    if (idpCertificate == null) {
      throw new IllegalArgumentException("the IdP's signing certificate is required");
    }
    groupsAttribute =
        groupsAttribute == null || groupsAttribute.isBlank()
            ? DEFAULT_GROUPS_ATTRIBUTE
            : groupsAttribute;
  }

  /** The settings of {@code tenant} for an Obsera reached at {@code publicUrl}. */
  public static SamlSettings of(
      String publicUrl,
      String tenant,
      String idpEntityId,
      String idpSsoUrl,
      X509Certificate idpCertificate,
      String groupsAttribute) {
    return new SamlSettings(
        spEntityId(publicUrl, tenant),
        acsUrl(publicUrl, tenant),
        idpEntityId,
        idpSsoUrl,
        idpCertificate,
        groupsAttribute);
  }

  /**
   * The settings of {@code tenant} from its SSO configuration's {@code saml} section: entity id,
   * SSO URL and certificate as given, each missing one taken from the IdP metadata (the XML given,
   * else the document at {@code idpMetadataUrl}, which must be https, read by {@code
   * metadataByUrl}). An {@link IllegalArgumentException} naming what is missing.
   */
  public static SamlSettings of(
      String publicUrl,
      String tenant,
      SsoSettings.Saml saml,
      java.util.function.Function<String, String> metadataByUrl) {
    String entityId = saml.idpEntityId();
    String ssoUrl = saml.idpSsoUrl();
    String cert = saml.idpCertificate();
    if (blank(entityId) || blank(ssoUrl) || blank(cert)) {
      String xml = saml.idpMetadataXml();
      if (blank(xml)) {
        String url = saml.idpMetadataUrl();
        if (blank(url)) {
          throw new IllegalArgumentException(
              "the SAML configuration needs idpMetadataXml or idpMetadataUrl, or idpEntityId,"
                  + " idpSsoUrl and idpCertificate");
        }
        if (!url.startsWith("https://")) {
          throw new IllegalArgumentException(
              "idpMetadataUrl must be an https URL: the IdP's signing certificate is read from it");
        }
        xml = metadataByUrl.apply(url);
      }
      IdpMetadata m = IdpMetadata.parse(xml);
      entityId = blank(entityId) ? m.entityId() : entityId;
      ssoUrl = blank(ssoUrl) ? m.ssoUrl() : ssoUrl;
      cert = blank(cert) ? m.certificate() : cert;
    }
    return of(publicUrl, tenant, entityId, ssoUrl, certificate(cert), saml.groupsAttribute());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Our entity id for {@code tenant}: the address of its SP metadata. */
  public static String spEntityId(String publicUrl, String tenant) {
    return base(publicUrl, tenant) + "/metadata";
  }

  /** Our assertion consumer URL for {@code tenant} (HTTP-POST binding). */
  public static String acsUrl(String publicUrl, String tenant) {
    return base(publicUrl, tenant) + "/acs";
  }

  private static String base(String publicUrl, String tenant) {
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new IllegalArgumentException(
          "SAML sign-in needs OBSERA_PUBLIC_URL: the entity id and assertion consumer URL the"
              + " identity provider is configured with are derived from it");
    }
    return publicUrl.replaceAll("/+$", "") + "/api/v1/auth/saml/" + tenant;
  }

  /**
   * An X.509 certificate from PEM ({@code -----BEGIN CERTIFICATE-----}) or bare base64 DER, as IdP
   * metadata and admin consoles show it.
   */
  public static X509Certificate certificate(String pemOrBase64) {
    if (pemOrBase64 == null || pemOrBase64.isBlank()) {
      throw new IllegalArgumentException("the IdP's signing certificate is required");
    }
    String b64 =
        pemOrBase64
            .replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException e) {
      throw new IllegalArgumentException(
          "the IdP's signing certificate is not a PEM or base64 X.509 certificate");
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("SAML setting '" + name + "' is required");
    }
  }
}
