package io.obsera.alert.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.platform.send.DeliveryException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;
import okhttp3.RequestBody;

/**
 * The generic webhook: the notification as JSON, with {@code X-Obsera-Delivery} (the stable
 * delivery id), {@code X-Obsera-Timestamp} (Unix seconds) and {@code X-Obsera-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the channel secret>}.
 */
final class WebhookSender implements Sender<WebhookChannel> {
  static final String DELIVERY_HEADER = "X-Obsera-Delivery";
  static final String TIMESTAMP_HEADER = "X-Obsera-Timestamp";
  static final String SIGNATURE_HEADER = "X-Obsera-Signature";
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private final GuardedHttp http;
  private final Clock clock;

  WebhookSender(GuardedHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public void send(Notification n, WebhookChannel channel) throws DeliveryException {
    String body = body(n);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Headers headers =
        new Headers.Builder()
            .add(DELIVERY_HEADER, n.deliveryId())
            .add(TIMESTAMP_HEADER, timestamp)
            .add(SIGNATURE_HEADER, "sha256=" + sign(channel.secret(), timestamp, body))
            .build();
    http.post("webhook", channel.url(), headers, RequestBody.create(body, GuardedHttp.JSON));
  }

  static String body(Notification n) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("deliveryId", n.deliveryId());
    o.put("tenantId", n.tenantId());
    o.put("alertId", n.alertId());
    o.put("fingerprint", n.fingerprint());
    o.put("sequence", n.sequence());
    o.put("state", n.state().name().toLowerCase(Locale.ROOT));
    o.put("severity", NotificationText.severity(n));
    o.put("title", n.title());
    o.put("summary", n.summary());
    ObjectNode labels = o.putObject("labels");
    n.labels().forEach(labels::put);
    ArrayNode links = o.putArray("links");
    for (Link l : n.links()) {
      links.addObject().put("title", l.title()).put("url", l.url());
    }
    o.put("startsAt", NotificationText.time(n.startsAt()));
    if (n.endsAt() == null) {
      o.putNull("endsAt");
    } else {
      o.put("endsAt", NotificationText.time(n.endsAt()));
    }
    return GuardedHttp.text(o);
  }

  /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
