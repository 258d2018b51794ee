package io.obsera.query.alerts;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.control.ChannelRecord;
import io.obsera.query.api.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One alert's delivery history from {@code alert_deliveries}: every notification that told about
 * the alert (also a group's notification it was one of, and its resolve notice), per channel,
 * newest first. Records of earlier versions name no alerts: they match by the notification's
 * fingerprint, and their channel's name and type come from the channel as it is now. Channel tests
 * are not an alert's history.
 */
public final class AlertDeliveries {
  private static final String KNOWN =
      "SELECT count() AS n FROM alerts WHERE TenantId = {tenant:String} AND Fingerprint ="
          + " {fp:String}";
  private static final String HISTORY =
      "SELECT DeliveryId, ChannelId, ChannelName, ChannelType, Kind, Sequence,"
          + " toString(Status) AS St, Outcome, Attempts, LastStatus, Error,"
          + " toUnixTimestamp64Nano(Time) AS T FROM alert_deliveries FINAL"
          + " WHERE TenantId = {tenant:String} AND NOT Test AND (has(AlertFingerprints, {fp:String})"
          + " OR (empty(AlertFingerprints) AND Fingerprint = {fp:String}))"
          + " ORDER BY Time DESC, DeliveryId, ChannelId LIMIT {limit:UInt32}";

  /** One delivery of a notification about the alert to one channel. */
  public record Delivery(
      Instant time,
      String deliveryId,
      String channelId,
      String channelName,
      String channelType,
      String kind,
      long sequence,
      String status,
      String outcome,
      int attempts,
      Integer lastStatus,
      String error) {}

  /** The history, newest first. */
  public record History(String alert, List<Delivery> deliveries) {}

  private final Client client;
  private final BiFunction<String, String, Optional<ChannelRecord>> channels;

  /**
   * @param channels the tenant's channel by id, for records that do not carry its name and type
   */
  public AlertDeliveries(
      Client client, BiFunction<String, String, Optional<ChannelRecord>> channels) {
    this.client = client;
    this.channels = channels;
  }

  /** The deliveries of alert {@code fingerprint} of {@code tenant}; 404 when it has none. */
  public History of(String tenant, String fingerprint, int limit) {
    Map<String, Object> p = Map.of("tenant", tenant, "fp", fingerprint, "limit", limit);
    if (fingerprint.length() > 128 || client.queryAll(KNOWN, p).get(0).getLong("n") == 0) {
      throw ApiException.notFound("alert '" + shown(fingerprint) + "' not found");
    }
    List<Delivery> out =
        client.queryAll(HISTORY, p).stream().map(r -> delivery(tenant, r)).toList();
    return new History(fingerprint, out);
  }

  private Delivery delivery(String tenant, GenericRecord r) {
    String channelId = r.getString("ChannelId");
    String name = r.getString("ChannelName");
    String type = r.getString("ChannelType");
    if (name.isEmpty() || type.isEmpty()) {
      Optional<ChannelRecord> now = channels.apply(tenant, channelId);
      name = name.isEmpty() ? now.map(ChannelRecord::name).orElse(null) : name;
      type = type.isEmpty() ? now.map(c -> c.type().name()).orElse(null) : type;
    }
    String kind = r.getString("Kind");
    String outcome = r.getString("Outcome");
    String error = r.getString("Error");
    int lastStatus = r.getInteger("LastStatus");
    return new Delivery(
        AlertSearch.instant(r.getLong("T")),
        r.getString("DeliveryId"),
        channelId,
        name,
        type,
        kind.isEmpty() ? null : kind.toLowerCase(Locale.ROOT),
        r.getLong("Sequence"),
        r.getString("St"),
        outcome.isEmpty() ? null : outcome,
        (int) r.getLong("Attempts"),
        lastStatus == 0 ? null : lastStatus,
        error.isEmpty() ? null : error);
  }

  /** An id as an error message may quote it: at most 128 characters. */
  private static String shown(String id) {
    return id.length() > 128 ? id.substring(0, 128) + "..." : id;
  }
}
