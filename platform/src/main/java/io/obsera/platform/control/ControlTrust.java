package io.obsera.platform.control;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * The control-record keys of one process: every service verifies (public keys); only the writers of
 * control records (the query service, standalone) also sign (the private key).
 *
 * @param signer present where this process writes control records
 * @param verifier the trusted public keys (the signer's own included)
 */
public record ControlTrust(Optional<ControlSigner> signer, ControlVerifier verifier) {
  /** The private signing key: base64 of its PKCS#8 encoding (Ed25519). */
  public static final String SIGNING_KEY_ENV = "OBSERA_CONTROL_SIGNING_KEY";

  /** Trusted public keys: comma-separated base64 of their X.509 encodings (Ed25519). */
  public static final String VERIFY_KEYS_ENV = "OBSERA_CONTROL_VERIFY_KEYS";

  public ControlTrust {
    if (signer == null || verifier == null) {
      throw new IllegalArgumentException("signer (may be empty) and verifier are required");
    }
  }

  /** Whether a record verifies against the trusted keys (a convenience for checks and tests). */
  public boolean verify(String topic, String key, byte[] value, Headers headers) {
    return verifier.verify(topic, key, value, headers).accepted();
  }

  /** The signer; fails naming the variable where this process holds none. */
  public ControlSigner requireSigner() {
    return signer.orElseThrow(
        () ->
            new IllegalStateException(
                "this process writes control records but holds no signing key ("
                    + SIGNING_KEY_ENV
                    + ")"));
  }

  /** A process that signs with {@code pair} and trusts its public key and {@code alsoTrusted}. */
  public static ControlTrust signing(KeyPair pair, Clock clock, List<PublicKey> alsoTrusted) {
    List<PublicKey> trusted = new ArrayList<>(alsoTrusted);
    trusted.add(0, pair.getPublic());
    return new ControlTrust(
        Optional.of(new ControlSigner(pair.getPrivate(), pair.getPublic(), clock)),
        new ControlVerifier(trusted));
  }

  /** A process that only verifies. */
  public static ControlTrust verifying(List<PublicKey> trusted) {
    return new ControlTrust(Optional.empty(), new ControlVerifier(trusted));
  }

  /**
   * From {@value #SIGNING_KEY_ENV} (writers) and {@value #VERIFY_KEYS_ENV}: at least one of them; a
   * signing key alone trusts its own public key. Messages name the variable.
   */
  public static ControlTrust fromEnv(Map<String, String> env) {
    String signing = blankToNull(env.get(SIGNING_KEY_ENV));
    String verify = blankToNull(env.get(VERIFY_KEYS_ENV));
    List<PublicKey> trusted = new ArrayList<>();
    if (verify != null) {
      for (String part : verify.split(",")) {
        if (!part.isBlank()) {
          trusted.add(publicKey(VERIFY_KEYS_ENV, part.strip()));
        }
      }
    }
    if (signing != null) {
      KeyPair pair = keyPair(SIGNING_KEY_ENV, signing);
      return signing(pair, Clock.systemUTC(), trusted);
    }
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException(
          VERIFY_KEYS_ENV
              + " is required: the public key(s) that sign control records (base64 X.509 Ed25519;"
              + " the query service holds the private key in "
              + SIGNING_KEY_ENV
              + ")");
    }
    return verifying(trusted);
  }

  /** Base64 of the private key's PKCS#8 encoding. */
  public static String encodePrivate(PrivateKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Base64 of the public key's X.509 encoding. */
  public static String encodePublic(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /**
   * The key pair of a base64 PKCS#8 Ed25519 private key; {@code source} names where it came from.
   */
  public static KeyPair keyPair(String source, String base64Pkcs8) {
    try {
      KeyFactory kf = KeyFactory.getInstance(ControlSignature.ALGORITHM);
      PrivateKey priv =
          kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8)));
      return new KeyPair(derivePublic(priv), priv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + " is not a base64 PKCS#8 Ed25519 private key: " + e.getMessage(), e);
    }
  }

  /** A base64 X.509 Ed25519 public key; {@code source} names where it came from. */
  public static PublicKey publicKey(String source, String base64X509) {
    try {
      return KeyFactory.getInstance(ControlSignature.ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64X509)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + " is not a base64 X.509 Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * The public key of an Ed25519 private key (PKCS#8 v1 carries only the seed): the JDK's generator
   * fed the same seed yields the same pair.
   */
  private static PublicKey derivePublic(PrivateKey priv) throws GeneralSecurityException {
    java.security.interfaces.EdECPrivateKey ed = (java.security.interfaces.EdECPrivateKey) priv;
    byte[] seed =
        ed.getBytes().orElseThrow(() -> new GeneralSecurityException("private key has no seed"));
    java.security.KeyPairGenerator gen =
        java.security.KeyPairGenerator.getInstance(ControlSignature.ALGORITHM);
    gen.initialize(
        java.security.spec.NamedParameterSpec.ED25519,
        new java.security.SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
          }
        });
    return gen.generateKeyPair().getPublic();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
