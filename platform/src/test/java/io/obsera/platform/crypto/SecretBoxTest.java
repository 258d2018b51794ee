package io.obsera.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private final SecretBox box = SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64());

  @Test
  void sealsAndOpensWithTheSameAssociatedData() {
    String sealed = box.seal("xoxb-very-secret", "t1|slack|webhookUrl");
    assertThat(sealed).startsWith("v1:" + box.keyId() + ":").doesNotContain("very-secret");
    assertThat(box.open(sealed, "t1|slack|webhookUrl")).isEqualTo("xoxb-very-secret");
    assertThat(box.seal("xoxb-very-secret", "t1|slack|webhookUrl")).isNotEqualTo(sealed);
  }

  @Test
  void refusesAValueMovedToAnotherChannelOrAltered() {
    String sealed = box.seal("s3cret", "t1|a|secret");
    assertThatThrownBy(() -> box.open(sealed, "t2|a|secret"))
        .hasMessageContaining("altered or moved");
    int at = sealed.length() - 10; // inside the ciphertext, clear of base64's unused tail bits
    char c = sealed.charAt(at);
    String altered = sealed.substring(0, at) + (c == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThatThrownBy(() -> box.open(altered, "t1|a|secret"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheKeyAValueWasSealedUnder() {
    SecretBox other = new SecretBox(new byte[32]);
    String sealed = other.seal("x", "ad");
    assertThatThrownBy(() -> box.open(sealed, "ad"))
        .hasMessageContaining("sealed under key " + other.keyId());
  }

  @Test
  void namesTheVariableWhenTheKeyIsMissingOrShort() {
    assertThatThrownBy(() -> SecretBox.fromBase64("OBSERA_SECRET_KEY", null))
        .hasMessageContaining("OBSERA_SECRET_KEY is required");
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SecretBox.fromBase64("OBSERA_SECRET_KEY", short16))
        .hasMessageContaining("OBSERA_SECRET_KEY must decode to 32 bytes");
    assertThatThrownBy(() -> SecretBox.fromBase64("OBSERA_SECRET_KEY", "%%%"))
        .hasMessageContaining("OBSERA_SECRET_KEY must be base64");
  }
}
