package io.obsera.identity.saml;

import java.security.PublicKey;
import java.util.Set;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;

/**
 * Verifies one enveloped XML signature (xmlsec in secure-validation mode) with the configured IdP
 * key only: exactly one reference, and it must name the signature's own parent element by its ID;
 * only exclusive or inclusive canonicalization without comments and the enveloped-signature
 * transform; SHA-256 or stronger. A {@code KeyInfo} in the message is ignored.
 */
final class SamlSignatures {
  static {
    Init.init();
  }

  private static final Set<String> SIGNATURE_METHODS =
      Set.of(
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512,
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1,
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384_MGF1,
          XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512_MGF1,
          XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
          XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384,
          XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);
  private static final Set<String> CANONICALIZATIONS =
      Set.of(
          Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
          Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
          Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS);
  private static final Set<String> TRANSFORMS =
      Set.of(
          Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
          Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS,
          Transforms.TRANSFORM_C14N_OMIT_COMMENTS,
          Transforms.TRANSFORM_C14N11_OMIT_COMMENTS);
  private static final Set<String> DIGESTS =
      Set.of(
          "http://www.w3.org/2001/04/xmlenc#sha256",
          "http://www.w3.org/2001/04/xmldsig-more#sha384",
          "http://www.w3.org/2001/04/xmlenc#sha512");

  private SamlSignatures() {}

  /**
   * Verifies {@code signature}, a direct child of {@code signed}, against {@code key}; throws a
   * refusal naming the problem.
   */
  static void verify(Element signature, Element signed, PublicKey key, String what) {
    String id = signed.getAttribute("ID");
    if (id.isEmpty()) {
      throw SamlResponseValidator.refused("the signed " + what + " has no ID");
    }
    try {
      XMLSignature sig = new XMLSignature(signature, "", true);
      SignedInfo info = sig.getSignedInfo();
      if (!SIGNATURE_METHODS.contains(info.getSignatureMethodURI())) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature uses a refused algorithm " + info.getSignatureMethodURI());
      }
      if (!CANONICALIZATIONS.contains(info.getCanonicalizationMethodURI())) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature uses a refused canonicalization");
      }
      if (info.getLength() != 1) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature must have exactly one reference");
      }
      Reference ref = info.item(0);
      if (!("#" + id).equals(ref.getURI())) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature covers another element (" + ref.getURI() + ")");
      }
      if (!DIGESTS.contains(ref.getMessageDigestAlgorithm().getAlgorithmURI())) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature uses a refused digest algorithm");
      }
      Transforms transforms = ref.getTransforms();
      for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
        if (!TRANSFORMS.contains(transforms.item(i).getURI())) {
          throw SamlResponseValidator.refused(
              "the " + what + " signature uses a refused transform " + transforms.item(i).getURI());
        }
      }
      if (!sig.checkSignatureValue(key)) {
        throw SamlResponseValidator.refused(
            "the " + what + " signature does not verify with the IdP's certificate");
      }
    } catch (XMLSecurityException | RuntimeException e) {
      if (e instanceof io.obsera.identity.IdentityException ie) {
        throw ie;
      }
      throw SamlResponseValidator.refused(
          "the "
              + what
              + " signature does not verify with the IdP's certificate ("
              + e.getMessage()
              + ")");
    }
  }
}
