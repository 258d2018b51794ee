package io.obsera.platform.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate and key a listener serves TLS with ({@code OBSERA_TLS_CERT}, {@code
 * OBSERA_TLS_KEY}: the OTLP listeners and the API port), read and checked at construction so a bad
 * file fails start-up with a message naming the variable.
 *
 * @param certificateChain PEM certificate chain, leaf first ({@code OBSERA_TLS_CERT})
 * @param privateKey PEM PKCS#8 private key of the leaf certificate ({@code OBSERA_TLS_KEY})
 */
public record TlsFiles(Path certificateChain, Path privateKey) {
  public TlsFiles {
    requireReadable("OBSERA_TLS_CERT", certificateChain);
    requireReadable("OBSERA_TLS_KEY", privateKey);
    X509Certificate leaf;
    try {
      leaf = PemKeyStore.readCertificates(certificateChain).get(0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OBSERA_TLS_CERT: " + e.getMessage(), e);
    }
    try {
      PemKeyStore.readPrivateKey(privateKey, leaf.getPublicKey().getAlgorithm());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OBSERA_TLS_KEY: " + e.getMessage(), e);
    }
  }

  /** Both {@code OBSERA_TLS_CERT} and {@code OBSERA_TLS_KEY}, or neither (empty: plaintext). */
  public static Optional<TlsFiles> fromEnv(Map<String, String> env) {
    String cert = env.get("OBSERA_TLS_CERT");
    String key = env.get("OBSERA_TLS_KEY");
    boolean hasCert = cert != null && !cert.isBlank();
    boolean hasKey = key != null && !key.isBlank();
    if (hasCert != hasKey) {
      throw new IllegalArgumentException(
          "OBSERA_TLS_CERT and OBSERA_TLS_KEY must be set together (only "
              + (hasCert ? "OBSERA_TLS_CERT" : "OBSERA_TLS_KEY")
              + " is set)");
    }
    return hasCert
        ? Optional.of(new TlsFiles(Path.of(cert.strip()), Path.of(key.strip())))
        : Optional.empty();
  }

  private static void requireReadable(String variable, Path file) {
    if (file == null) {
      throw new IllegalArgumentException(variable + " must not be empty");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          variable + " names " + file.toAbsolutePath() + ", which is not a readable file");
    }
  }
}
