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

  @Test
  void should_openUnderThePreviousKeyAndResealUnderTheCurrent_duringARotation() {
    String oldKey = SecretBox.newKeyBase64();
    SecretBox old = SecretBox.fromBase64("OBSERA_SECRET_KEY", oldKey);
    String sealedOld = old.seal("hunter2-token", "t1|hook|secret");
    SecretBox rotated =
        SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64())
            .withPrevious("OBSERA_SECRET_KEY_PREVIOUS", " " + oldKey + " ,");

    assertThat(rotated.previousKeyIds()).containsExactly(old.keyId());
    assertThat(rotated.open(sealedOld, "t1|hook|secret")).isEqualTo("hunter2-token");
    String resealed = rotated.reseal(sealedOld, "t1|hook|secret");
    assertThat(SecretBox.sealedUnder(resealed)).isEqualTo(rotated.keyId());
    assertThat(rotated.reseal(resealed, "t1|hook|secret")).isSameAs(resealed);
    assertThat(rotated.seal("x", "ad")).startsWith("v1:" + rotated.keyId() + ":");
    assertThatThrownBy(() -> rotated.reseal(sealedOld, "t2|hook|secret"))
        .hasMessageContaining("altered or moved");

    SecretBox afterWindow = SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64());
    assertThatThrownBy(() -> afterWindow.open(sealedOld, "t1|hook|secret"))
        .hasMessageContaining("sealed under key " + old.keyId());
    assertThatThrownBy(
            () ->
                afterWindow.withPrevious(
                    "OBSERA_SECRET_KEY_PREVIOUS", Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("OBSERA_SECRET_KEY_PREVIOUS must decode to 32 bytes");
  }
}
