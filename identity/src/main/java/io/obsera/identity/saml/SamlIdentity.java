package io.obsera.identity.saml;

import java.util.List;
import java.util.Map;

/**
 * What a verified SAML assertion says about the person: read only from the signed element.
 *
 * @param issuer the IdP's entity id
 * @param nameId the subject's NameID
 * @param email the email address (the NameID when it is one, else an email attribute), lower case
 * @param groups the values of the configured groups attribute
 * @param attributes every attribute, by name
 * @param assertionId the assertion's ID (remembered against replay)
 */
public record SamlIdentity(
    String issuer,
    String nameId,
    String email,
    List<String> groups,
    Map<String, List<String>> attributes,
    String assertionId) {
  public SamlIdentity {
    groups = List.copyOf(groups);
    attributes = Map.copyOf(attributes);
  }
}
