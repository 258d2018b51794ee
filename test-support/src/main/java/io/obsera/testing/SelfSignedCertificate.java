package io.obsera.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fresh self-signed RSA certificate for {@code localhost} and {@code 127.0.0.1}, written as PEM
 * files the way operators supply them (certificate chain, unencrypted PKCS#8 key). Made with the
 * JDK's own {@code keytool}, so tests need neither openssl nor BouncyCastle.
 *
 * @param certificate PEM certificate file
 * @param privateKey PEM PKCS#8 private key file ({@code -----BEGIN PRIVATE KEY-----})
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {
  private static final String ALIAS = "obsera-test";
  private static final char[] PASSWORD = "obsera-test".toCharArray();

  /** Creates the certificate and key in {@code dir} (e.g. a JUnit {@code @TempDir}). */
  public static SelfSignedCertificate create(Path dir) {
    return create(dir, 2);
  }

  /** Creates a certificate valid from now for {@code validityDays} days, and its key. */
  public static SelfSignedCertificate create(Path dir, int validityDays) {
    Path store = dir.resolve("self-signed.p12");
    keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        Integer.toString(validityDays),
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        new String(PASSWORD));
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, PASSWORD);
      PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, PASSWORD);
      Path cert = dir.resolve("cert.pem");
      Path keyFile = dir.resolve("key.pem");
      Files.writeString(cert, pem("CERTIFICATE", keyStore.getCertificate(ALIAS).getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      return new SelfSignedCertificate(cert, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key store keytool wrote", e);
    }
  }

  /** The certificate's PEM bytes, e.g. for an exporter's {@code setTrustedCertificates}. */
  public byte[] certificatePem() {
    try {
      return Files.readAllBytes(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The certificate as an X.509 object (e.g. to read its expiry). */
  public X509Certificate x509() {
    try (InputStream in = Files.newInputStream(certificate)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unreadable certificate " + certificate, e);
    }
  }

  /** A trust store holding only this certificate, for clients of a server using it. */
  public KeyStore trustStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry(ALIAS, x509());
      return ks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  /** A client-side TLS context trusting exactly this certificate (e.g. for a JDK HttpClient). */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a client TLS context", e);
    }
  }

  /** A server-side TLS context presenting this certificate (e.g. for a JDK HttpsServer). */
  public SSLContext serverContext() {
    try {
      String pem = Files.readString(privateKey);
      byte[] der =
          Base64.getMimeDecoder()
              .decode(
                  pem.replace("-----BEGIN PRIVATE KEY-----", "")
                      .replace("-----END PRIVATE KEY-----", ""));
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(ALIAS, key, PASSWORD, new Certificate[] {x509()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), null, null);
      return ssl;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context from " + privateKey, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void keytool(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
