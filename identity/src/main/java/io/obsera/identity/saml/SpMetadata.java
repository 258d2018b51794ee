package io.obsera.identity.saml;

/**
 * Our service-provider metadata for one tenant, to load into the identity provider: entity id, the
 * assertion consumer service (HTTP-POST) and the NameID format we ask for; assertions are wanted
 * signed; our AuthnRequests are not signed (we hold no SAML key).
 */
public final class SpMetadata {
  static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

  private SpMetadata() {}

  /** The metadata XML of the SP at {@code spEntityId} with its ACS at {@code acsUrl}. */
  public static String xml(String spEntityId, String acsUrl) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\""
        + escape(spEntityId)
        + "\">\n"
        + "  <md:SPSSODescriptor AuthnRequestsSigned=\"false\" WantAssertionsSigned=\"true\""
        + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
        + "    <md:NameIDFormat>"
        + EMAIL_FORMAT
        + "</md:NameIDFormat>\n"
        + "    <md:AssertionConsumerService"
        + " Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
        + escape(acsUrl)
        + "\" index=\"0\" isDefault=\"true\"/>\n"
        + "  </md:SPSSODescriptor>\n"
        + "</md:EntityDescriptor>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
