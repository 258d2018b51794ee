package io.obsera.alert.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.testing.vendor.VendorReceiver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook consumer that does what we tell integrators to do: recompute {@code sha256=<hex
 * HMAC-SHA256("<timestamp>.<body>")>} with the shared secret and compare in constant time, refuse
 * timestamps more than five minutes off, and require the delivery id (401/400 otherwise).
 */
public final class WebhookReceiver extends VendorReceiver {
  private final String secret;

  public WebhookReceiver(String secret) {
    this.secret = secret;
  }

  @Override
  protected Answer answer(Received r) {
    if (!"POST".equals(r.method())) {
      return Answer.text(405, "POST only");
    }
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return Answer.text(415, "application/json only");
    }
    String id = r.header("X-Obsera-Delivery");
    String ts = r.header("X-Obsera-Timestamp");
    String sig = r.header("X-Obsera-Signature");
    if (id == null || ts == null || sig == null) {
      return Answer.text(400, "delivery id, timestamp and signature headers are required");
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return Answer.text(400, "timestamp is not Unix seconds");
    }
    if (Math.abs(Instant.now().getEpochSecond() - seconds) > 300) {
      return Answer.text(401, "timestamp outside the 5 minute tolerance");
    }
    String expected = "sha256=" + hmac(ts + "." + r.body());
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), sig.getBytes(StandardCharsets.UTF_8))) {
      return Answer.text(401, "signature mismatch");
    }
    try {
      JsonNode body = Json.MAPPER.readTree(r.body());
      if (!id.equals(body.path("deliveryId").asText())) {
        return Answer.text(400, "body deliveryId differs from the header");
      }
    } catch (java.io.IOException e) {
      return Answer.text(400, "body is not JSON");
    }
    return Answer.json(200, "{\"ok\":true}");
  }

  /** The delivery ids of accepted requests, in arrival order (repeats included). */
  public List<String> deliveryIds() {
    List<String> out = new ArrayList<>();
    for (Received r : accepted()) {
      out.add(r.header("X-Obsera-Delivery"));
    }
    return out;
  }

  private String hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
