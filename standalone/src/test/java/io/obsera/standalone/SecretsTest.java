package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.platform.crypto.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir Path data;

  @Test
  void should_generateTheSecretKeyOnce_intoAPrivateFile_andReuseIt() throws Exception {
    Secrets.Secret first = new Secrets(data).secretKey(Optional.empty());
    assertThat(first.generated()).isTrue();
    assertThat(first.file()).isEqualTo(data.resolve("secret-key"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())))
        .isEqualTo("rw-------");
    SecretBox box = SecretBox.fromBase64("OBSERA_SECRET_KEY", first.value());
    Secrets.Secret again = new Secrets(data).secretKey(Optional.empty());
    assertThat(again.generated()).isFalse();
    assertThat(again.value()).isEqualTo(first.value());
    // What one start sealed, the next start opens.
    String sealed = box.seal("hook-secret", "acme|ops|secret");
    assertThat(
            SecretBox.fromBase64("OBSERA_SECRET_KEY", again.value())
                .open(sealed, "acme|ops|secret"))
        .isEqualTo("hook-secret");
    assertThat(StandaloneConfig.fromEnv(Map.of("OBSERA_DATA_DIR", data.toString())).secretKeyFile())
        .isEqualTo(first.file());
  }

  @Test
  void should_preferTheVariable_andNameTheFile_whenTheStoredKeyIsBad() throws Exception {
    String configured = SecretBox.newKeyBase64();
    Secrets.Secret s = new Secrets(data).secretKey(Optional.of(configured));
    assertThat(s.value()).isEqualTo(configured);
    assertThat(s.generated()).isFalse();
    assertThat(Files.readString(s.file()).strip()).isEqualTo(configured);
    Files.writeString(data.resolve("secret-key"), "dG9vIHNob3J0");
    assertThatThrownBy(() -> new Secrets(data).secretKey(Optional.empty()))
        .hasMessageContaining(data.resolve("secret-key").toString())
        .hasMessageContaining("must decode to 32 bytes");
  }
}
