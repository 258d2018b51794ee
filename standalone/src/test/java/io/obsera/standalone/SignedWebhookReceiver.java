package io.obsera.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that records every notification and checks its signature the way
 * the README tells receivers to: {@code X-Obsera-Signature: sha256=HMAC(secret, timestamp + "." +
 * body)}.
 */
final class SignedWebhookReceiver implements AutoCloseable {
  /** One notification as received. */
  record Delivery(String deliveryId, JsonNode body, boolean signatureValid) {
    String state() {
      return body.get("state").asText();
    }
  }

  private final String secret;
  private final HttpServer server;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();

  SignedWebhookReceiver(String secret) throws IOException {
    this(secret, 0);
  }

  /** Listening on {@code port} of the loopback address (0: a free one). */
  SignedWebhookReceiver(String secret, int port) throws IOException {
    this.secret = secret;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
    server.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String ts = ex.getRequestHeaders().getFirst("X-Obsera-Timestamp");
          String sig = ex.getRequestHeaders().getFirst("X-Obsera-Signature");
          received.add(
              new Delivery(
                  ex.getRequestHeaders().getFirst("X-Obsera-Delivery"),
                  Json.MAPPER.readTree(body),
                  ts != null && sig != null && signed(ts, body, sig)));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** What arrived so far, in order (a live view). */
  List<Delivery> received() {
    return received;
  }

  private boolean signed(String timestamp, byte[] body, String signature) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
