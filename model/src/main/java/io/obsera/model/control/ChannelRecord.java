package io.obsera.model.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.alert.channel.ChannelType;
import java.time.Instant;
import java.util.Map;

/**
 * A notification channel as stored in the compacted topic {@link
 * io.obsera.model.Topics#CONTROL_CHANNELS} (key {@code tenant|id}) and managed at {@code
 * /api/v1/channels}: the channel's JSON ({@link io.obsera.model.alert.channel.Channel}) without its
 * secret fields in {@code settings}, and each secret field sealed by {@link
 * io.obsera.platform.crypto.SecretBox} in {@code sealedSecrets} (field name -> sealed value, with
 * {@code tenant|id|field} as associated data so a sealed value cannot be moved to another channel).
 * The API never returns secrets; this topic is never mirrored to ClickHouse.
 *
 * @param name for people, e.g. "On-call PagerDuty"
 */
public record ChannelRecord(
    String tenantId,
    String id,
    String name,
    ChannelType type,
    ObjectNode settings,
    Map<String, String> sealedSecrets,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }
}
