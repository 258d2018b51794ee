package io.obsera.platform.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.control.ChannelRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@link Channel} into its stored {@link ChannelRecord} (secret fields sealed) and back.
 * The associated data of each sealed field is {@code tenant|channelId|field}.
 */
public final class ChannelSealer {
  private final SecretBox box;

  public ChannelSealer(SecretBox box) {
    this.box = box;
  }

  public ChannelRecord seal(
      String tenantId,
      String name,
      Channel channel,
      Instant createdAt,
      Instant updatedAt,
      String actor) {
    ObjectNode settings = Json.MAPPER.valueToTree(channel);
    settings.remove("type");
    Map<String, String> sealed = new TreeMap<>();
    for (String field : channel.type().secretFields()) {
      JsonNode v = settings.remove(field);
      if (v != null && !v.isNull()) {
        sealed.put(field, box.seal(v.asText(), ad(tenantId, channel.id(), field)));
      }
    }
    return new ChannelRecord(
        tenantId,
        channel.id(),
        name,
        channel.type(),
        settings,
        sealed,
        createdAt,
        updatedAt,
        actor);
  }

  /**
   * The channel a record stores, secrets opened. Throws {@link IllegalArgumentException} when a
   * secret does not open (other key, altered) or the result is not a valid channel.
   */
  public Channel open(ChannelRecord record) {
    ObjectNode node =
        record.settings() == null ? Json.MAPPER.createObjectNode() : record.settings().deepCopy();
    node.put("type", record.type().name());
    node.put("id", record.id());
    if (record.sealedSecrets() != null) {
      record
          .sealedSecrets()
          .forEach(
              (field, value) ->
                  node.put(field, box.open(value, ad(record.tenantId(), record.id(), field))));
    }
    try {
      return Json.MAPPER.treeToValue(node, Channel.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "channel "
              + record.key()
              + " is not a valid "
              + record.type()
              + " channel: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * The record with every secret sealed under the current key (a key rotation), or null when all
   * already are. Throws like {@link #open} when a secret does not open.
   */
  public ChannelRecord reseal(ChannelRecord record) {
    if (record.sealedSecrets() == null || box.allCurrent(record.sealedSecrets().values())) {
      return null;
    }
    Map<String, String> sealed = new TreeMap<>();
    record
        .sealedSecrets()
        .forEach(
            (field, value) ->
                sealed.put(field, box.reseal(value, ad(record.tenantId(), record.id(), field))));
    return new ChannelRecord(
        record.tenantId(),
        record.id(),
        record.name(),
        record.type(),
        record.settings(),
        sealed,
        record.createdAt(),
        record.updatedAt(),
        record.actor());
  }

  /** The settings shown back by the API: the stored settings plus each secret field as "***". */
  public static ObjectNode redacted(ChannelRecord record) {
    ObjectNode node =
        record.settings() == null ? Json.MAPPER.createObjectNode() : record.settings().deepCopy();
    if (record.sealedSecrets() != null) {
      record.sealedSecrets().keySet().forEach(f -> node.put(f, "***"));
    }
    return node;
  }

  private static String ad(String tenantId, String channelId, String field) {
    return tenantId + "|" + channelId + "|" + field;
  }
}
