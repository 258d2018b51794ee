package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.api;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/v1/channels/{id}/test} over real sockets: the query service queues the test on
 * the outbox, the in-process alert worker delivers it with the channel's real sender to a local
 * receiver, and the answer carries the delivery's end.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class ChannelTestIT {
  static final String SECRET = "whsec-channel-test-0123456789";
  static String key;
  static String otherKey;

  @BeforeAll
  static void tenants() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    key = ReadFixture.tenantKey("chtest-" + suffix);
    otherKey = ReadFixture.tenantKey("chtest-other-" + suffix);
  }

  static void webhook(String id, String url) throws Exception {
    HttpResponse<String> r =
        TestApi.call(
            "POST",
            api + "/api/v1/channels",
            key,
            "{\"id\":\""
                + id
                + "\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\""
                + url
                + "\",\"secret\":\""
                + SECRET
                + "\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  static HttpResponse<String> test(String id, String as) throws Exception {
    return TestApi.call("POST", api + "/api/v1/channels/" + id + "/test", as, null);
  }

  @Test
  void should_deliverTheTestThroughTheChannelsSender_andAnswerItsEnd() throws Exception {
    try (SignedWebhookReceiver receiver = new SignedWebhookReceiver(SECRET)) {
      webhook("hook", receiver.url());
      HttpResponse<String> r = test("hook", key);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode answer = TestApi.json(r);
      assertThat(answer.get("status").asText()).isEqualTo("DELIVERED");
      assertThat(answer.get("outcome").asText()).isEqualTo("DELIVERED");
      assertThat(answer.get("attempts").asInt()).isEqualTo(1);
      assertThat(receiver.received()).hasSize(1);
      SignedWebhookReceiver.Delivery got = receiver.received().get(0);
      assertThat(got.signatureValid()).as("signed with the channel's secret").isTrue();
      assertThat(got.deliveryId()).isEqualTo(answer.get("deliveryId").asText());
      assertThat(got.body().get("title").asText()).startsWith("[TEST]");
      assertThat(got.body().get("labels").get("test").asText()).isEqualTo("true");

      // at once again: throttled, nothing sent
      HttpResponse<String> again = test("hook", key);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
      assertThat(again.headers().firstValue("Retry-After")).isPresent();
      assertThat(again.body()).contains("one test per channel every 10 s");
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void should_answerTheReceiversRefusal_withItsStatusAndMessage() throws Exception {
    HttpServer refusing =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    refusing.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] body = "{\"error\":\"unknown hook\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(403, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    refusing.start();
    try {
      webhook("refusing", "http://127.0.0.1:" + refusing.getAddress().getPort() + "/hook");
      HttpResponse<String> r = test("refusing", key);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode answer = TestApi.json(r);
      assertThat(answer.get("status").asText()).isEqualTo("FAILED");
      assertThat(answer.get("outcome").asText()).isEqualTo("REJECTED");
      assertThat(answer.get("lastStatus").asInt()).isEqualTo(403);
      assertThat(answer.get("error").asText()).contains("unknown hook");
    } finally {
      refusing.stop(0);
    }
  }

  @Test
  void should_notFindAnotherTenantsChannel() throws Exception {
    webhook("mine", "http://127.0.0.1:9/hook");
    HttpResponse<String> r = test("mine", otherKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
  }
}
