package io.obsera.ingest.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.platform.tls.PemKeyStore;
import io.obsera.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {
  @TempDir Path dir;

  @Test
  void should_buildKeyStore_fromPemChainAndPkcs8Key() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    char[] password = "secret".toCharArray();

    KeyStore store = PemKeyStore.load(cert.certificate(), cert.privateKey(), password);

    assertThat(store.isKeyEntry("obsera")).isTrue();
    assertThat(store.getKey("obsera", password).getAlgorithm()).isEqualTo("RSA");
    X509Certificate leaf = (X509Certificate) store.getCertificateChain("obsera")[0];
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
  }

  @Test
  void should_explainConversion_whenKeyIsNotPkcs8() throws Exception {
    Path rsa =
        Files.writeString(
            dir.resolve("rsa.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemKeyStore.readPrivateKey(rsa, "RSA"))
        .hasMessageContaining(rsa.toString())
        .hasMessageContaining("'RSA PRIVATE KEY', not an unencrypted PKCS#8 'PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void should_nameTheFile_whenKeyDoesNotMatchTheCertificateAlgorithm() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);

    assertThatThrownBy(() -> PemKeyStore.readPrivateKey(cert.privateKey(), "EC"))
        .hasMessageContaining(cert.privateKey().toString())
        .hasMessageContaining("is not a PKCS#8 EC private key");
  }
}
