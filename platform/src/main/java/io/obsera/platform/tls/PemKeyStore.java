package io.obsera.platform.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and a PEM PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----})
 * with the JDK alone, and builds an in-memory {@link KeyStore} from them (Jetty cannot read PEM).
 * Every failure is an {@link IllegalArgumentException} naming the file and what is wrong with it.
 */
public final class PemKeyStore {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final Pattern ANY_KEY = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----");

  private PemKeyStore() {}

  /** The X.509 certificates of a PEM file, leaf first, as the file lists them. */
  public static List<X509Certificate> readCertificates(Path pem) {
    byte[] bytes = read(pem);
    try {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(pem + " holds no PEM certificate");
      }
      return certs;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          pem + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  /** The PKCS#8 private key of a PEM file; {@code algorithm} is the certificate's, e.g. RSA, EC. */
  public static PrivateKey readPrivateKey(Path pem, String algorithm) {
    String text = new String(read(pem), StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(text);
    if (!m.find()) {
      Matcher other = ANY_KEY.matcher(text);
      throw new IllegalArgumentException(
          pem
              + (other.find()
                  ? " holds a '"
                      + other.group(1)
                      + "', not an unencrypted PKCS#8 'PRIVATE KEY'"
                      + " (convert it: openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem)"
                  : " holds no PEM 'PRIVATE KEY' block"));
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          pem + " is not a PKCS#8 " + algorithm + " private key: " + e.getMessage(), e);
    }
  }

  /**
   * A PKCS#12 key store in memory with one entry: the key and its chain, under {@code password}.
   */
  public static KeyStore load(Path certificateChain, Path privateKey, char[] password) {
    List<X509Certificate> chain = readCertificates(certificateChain);
    PrivateKey key = readPrivateKey(privateKey, chain.get(0).getPublicKey().getAlgorithm());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("obsera", key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot build a key store from " + certificateChain + " and " + privateKey + ": " + e, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e, e);
    }
  }
}
