package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationFilesTest {
  @TempDir Path dataDir;

  @Test
  void should_keepThePreviousKeys_andRefuseToFinishBeforeAStartMadeNewOnes() throws Exception {
    Files.writeString(dataDir.resolve("admin-token"), "old-token\n");
    Files.writeString(dataDir.resolve("secret-key"), "old-key\n");

    assertThat(KeyRotationFiles.begin(dataDir)).containsExactly("admin-token", "secret-key");
    assertThat(dataDir.resolve("admin-token.previous")).hasContent("old-token");
    assertThat(dataDir.resolve("admin-token")).doesNotExist();
    assertThatThrownBy(() -> KeyRotationFiles.begin(dataDir))
        .hasMessageContaining("a rotation is under way")
        .hasMessageContaining("admin-token.previous");
    assertThatThrownBy(() -> KeyRotationFiles.finish(dataDir))
        .hasMessageContaining("start Obsera once");

    // what the next start does: new files beside the previous ones
    Files.writeString(dataDir.resolve("admin-token"), "new-token\n");
    Files.writeString(dataDir.resolve("secret-key"), "new-key\n");
    assertThat(KeyRotationFiles.finish(dataDir))
        .containsExactly("admin-token.previous", "secret-key.previous");
    assertThat(dataDir.resolve("admin-token.previous")).doesNotExist();
    assertThat(dataDir.resolve("admin-token")).hasContent("new-token");
  }
}
