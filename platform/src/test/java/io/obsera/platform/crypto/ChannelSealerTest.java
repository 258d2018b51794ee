package io.obsera.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.ChannelRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChannelSealerTest {
  private static final Instant T = Instant.parse("2026-11-27T07:00:00Z");
  private final ChannelSealer sealer =
      new ChannelSealer(SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64()));

  @Test
  void storesSecretsSealedAndOpensThemBack() throws Exception {
    Channel hook =
        new WebhookChannel("ops", "https://hooks.example.com/x", "0123456789abcdef-s3cret");
    ChannelRecord stored = sealer.seal("acme", "Ops hook", hook, T, T, "test");
    String json = Json.MAPPER.writeValueAsString(stored);
    assertThat(json).doesNotContain("0123456789abcdef-s3cret").contains("hooks.example.com");
    assertThat(stored.sealedSecrets()).containsOnlyKeys("secret");
    ChannelRecord read = Json.MAPPER.readValue(json, ChannelRecord.class);
    assertThat(sealer.open(read)).isEqualTo(hook);
    assertThat(ChannelSealer.redacted(read).get("secret").asText()).isEqualTo("***");
  }

  @Test
  void aRecordCopiedToAnotherTenantDoesNotOpen() {
    Channel hook =
        new WebhookChannel("ops", "https://hooks.example.com/x", "0123456789abcdef-s3cret");
    ChannelRecord stored = sealer.seal("acme", "Ops hook", hook, T, T, "test");
    ChannelRecord moved =
        new ChannelRecord(
            "other",
            stored.id(),
            stored.name(),
            stored.type(),
            stored.settings(),
            stored.sealedSecrets(),
            T,
            T,
            "test");
    assertThatThrownBy(() -> sealer.open(moved)).hasMessageContaining("altered or moved");
  }
}
