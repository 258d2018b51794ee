package io.obsera.writer.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.platform.send.ErrorRedaction;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Delivery outcomes from the alert worker (topic {@code obsera.alerts.deliveries}, key {@code
 * deliveryId|channelId}, so the tenant comes from the record) to {@code alert_deliveries}: one row
 * per record. Read as a JSON tree, so records of earlier versions (no alerts, kind or channel
 * details) store empty values. The error text is redacted once more ({@link ErrorRedaction}):
 * earlier workers stored it as the receiver answered. A record that does not decode or lacks what
 * identifies it is poison (dead-lettered by the writer).
 */
final class AlertDeliveryTableEncoder implements TableEncoder {
  static final TableSpec ALERT_DELIVERIES =
      new TableSpec(
          "alert_deliveries",
          List.of(
              "TenantId",
              "DeliveryId",
              "ChannelId",
              "ChannelName",
              "ChannelType",
              "Fingerprint",
              "AlertFingerprints",
              "Kind",
              "Sequence",
              "Status",
              "Outcome",
              "Attempts",
              "LastStatus",
              "Error",
              "Test",
              "Time"));

  private static final List<String> STATUSES = List.of("DELIVERED", "FAILED");
  private static final Set<String> KINDS = Set.of("FIRING", "RESOLVED");

  @Override
  public int encode(String ignoredKeyPrefix, String key, byte[] value, TableOutputs outputs) {
    JsonNode d;
    try {
      d = Json.MAPPER.readTree(value);
    } catch (IOException | RuntimeException ex) {
      throw new PoisonRecordException("delivery record is not valid JSON: " + ex.getMessage(), ex);
    }
    if (d == null || !d.isObject()) {
      throw new PoisonRecordException("delivery record is not a JSON object", null);
    }
    String tenant = text(d, "tenantId");
    String deliveryId = text(d, "deliveryId");
    String channelId = text(d, "channelId");
    int status = STATUSES.indexOf(text(d, "status"));
    if (tenant.isEmpty() || deliveryId.isEmpty() || channelId.isEmpty() || status < 0) {
      throw new PoisonRecordException(
          "delivery record lacks tenantId, deliveryId, channelId or a status DELIVERED/FAILED",
          null);
    }
    Instant time;
    try {
      time = Instant.parse(text(d, "time"));
    } catch (DateTimeParseException ex) {
      throw new PoisonRecordException("delivery record has no valid time: " + ex.getMessage(), ex);
    }
    List<String> alerts = new ArrayList<>();
    d.path("alerts").forEach(a -> alerts.add(a.asText()));
    String kind = text(d, "state").toUpperCase(Locale.ROOT);
    RowBinaryOut out = outputs.table(ALERT_DELIVERIES);
    out.string(tenant)
        .string(deliveryId)
        .string(channelId)
        .string(text(d, "channelName"))
        .string(text(d, "channelType"))
        .string(text(d, "fingerprint"))
        .array(alerts, out::string)
        .string(KINDS.contains(kind) ? kind : "")
        .uint64(Math.max(0, d.path("sequence").asLong()))
        .int8(status + 1) // Enum8 DELIVERED=1, FAILED
        .string(text(d, "outcome"))
        .uint32(Math.max(0, d.path("attempts").asInt()))
        .uint16(Math.max(0, Math.min(65_535, d.path("lastStatus").asInt())))
        .string(ErrorRedaction.redact(text(d, "error")))
        .bool(d.path("test").asBoolean(false))
        .dateTime64Nanos(
            Math.addExact(
                Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano()));
    return 1;
  }

  private static String text(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
