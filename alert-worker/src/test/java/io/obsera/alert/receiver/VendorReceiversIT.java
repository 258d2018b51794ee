package io.obsera.alert.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.testing.vendor.SendGridReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The local vendor stand-ins reject malformed requests the way the vendors document, so a sender
 * that drifts from the documented format fails its delivery test instead of passing silently.
 */
class VendorReceiversIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String url, String contentType, String auth, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_answerLikeSlack_whenPayloadIsMalformed() throws Exception {
    try (SlackReceiver slack = new SlackReceiver()) {
      String url = slack.url(SlackReceiver.PATH);
      HttpResponse<String> notJson = post(url, "application/json", null, "{text: nope");
      HttpResponse<String> empty = post(url, "application/json", null, "{}");
      HttpResponse<String> longHeader =
          post(
              url,
              "application/json",
              null,
              "{\"text\":\"t\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\","
                  + "\"text\":\""
                  + "h".repeat(151)
                  + "\"}}]}");
      HttpResponse<String> ok = post(url, "application/json", null, "{\"text\":\"hello\"}");

      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.body()).isEqualTo("invalid_payload");
      assertThat(empty.body()).isEqualTo("no_text");
      assertThat(longHeader.body()).isEqualTo("invalid_blocks");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
    }
  }

  @Test
  void should_answerLikePagerDuty_whenRoutingKeyOrDedupKeyIsMissing() throws Exception {
    try (PagerDutyReceiver pd = new PagerDutyReceiver()) {
      String url = pd.url(PagerDutyReceiver.PATH);
      HttpResponse<String> noKey =
          post(
              url,
              "application/json",
              null,
              "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"x\","
                  + "\"severity\":\"critical\"}}");
      HttpResponse<String> resolveWithoutDedup =
          post(
              url,
              "application/json",
              null,
              "{\"routing_key\":\"" + "k".repeat(32) + "\",\"event_action\":\"resolve\"}");

      assertThat(noKey.statusCode()).isEqualTo(400);
      assertThat(noKey.body()).contains("invalid event").contains("'routing_key' is missing");
      assertThat(resolveWithoutDedup.statusCode()).isEqualTo(400);
      assertThat(resolveWithoutDedup.body()).contains("'dedup_key' is missing");
      assertThat(pd.alerts()).isEmpty();
    }
  }

  @Test
  void should_answerLikeSendGrid_whenBearerIsMissingOrBodyIncomplete() throws Exception {
    try (SendGridReceiver sg = new SendGridReceiver("SG.key")) {
      String url = sg.url(SendGridReceiver.PATH);
      String minimal =
          "{\"personalizations\":[{\"to\":[{\"email\":\"a@b.example\"}]}],"
              + "\"from\":{\"email\":\"c@d.example\"},\"subject\":\"s\","
              + "\"content\":[{\"type\":\"text/plain\",\"value\":\"v\"}]}";
      HttpResponse<String> noBearer = post(url, "application/json", "SG.key", minimal);
      HttpResponse<String> noSubject =
          post(url, "application/json", "Bearer SG.key", minimal.replace("\"subject\":\"s\",", ""));
      HttpResponse<String> htmlFirst =
          post(
              url,
              "application/json",
              "Bearer SG.key",
              minimal.replace(
                  "[{\"type\":\"text/plain\",\"value\":\"v\"}]",
                  "[{\"type\":\"text/html\",\"value\":\"h\"},{\"type\":\"text/plain\",\"value\":\"v\"}]"));
      HttpResponse<String> ok = post(url, "application/json", "Bearer SG.key", minimal);

      assertThat(noBearer.statusCode()).isEqualTo(401);
      assertThat(noBearer.body()).contains("authorization grant is invalid");
      assertThat(noSubject.statusCode()).isEqualTo(400);
      assertThat(noSubject.body()).contains("\"field\":\"subject\"");
      assertThat(htmlFirst.statusCode()).isEqualTo(400);
      assertThat(ok.statusCode()).isEqualTo(202);
      assertThat(ok.headers().firstValue("X-Message-Id")).isPresent();
    }
  }

  @Test
  void should_answerLikeTwilio_whenAuthOrNumberIsWrong() throws Exception {
    String sid = "AC0123456789abcdef0123456789abcdef";
    try (TwilioReceiver tw = new TwilioReceiver(sid, "token-0123456789abcdef")) {
      String url = tw.url("/2010-04-01/Accounts/" + sid + "/Messages.json");
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString((sid + ":token-0123456789abcdef").getBytes());
      String form = "application/x-www-form-urlencoded";
      HttpResponse<String> noAuth = post(url, form, null, "To=%2B14155550100&From=%2B1500&Body=x");
      HttpResponse<String> badTo = post(url, form, basic, "To=4155550100&From=%2B1500&Body=x");
      HttpResponse<String> noBody = post(url, form, basic, "To=%2B14155550100&From=%2B1500");

      assertThat(noAuth.statusCode()).isEqualTo(401);
      assertThat(noAuth.body()).contains("20003");
      assertThat(badTo.statusCode()).isEqualTo(400);
      assertThat(badTo.body()).contains("21211");
      assertThat(noBody.body()).contains("21602");
    }
  }

  @Test
  void should_refuseAForgedSignature_likeAnIntegratorWould() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver("whsec-0123456789abcdef")) {
      long now = java.time.Instant.now().getEpochSecond();
      HttpRequest forged =
          HttpRequest.newBuilder(URI.create(hook.url("/h")))
              .header("Content-Type", "application/json")
              .header("X-Obsera-Delivery", "d1")
              .header("X-Obsera-Timestamp", Long.toString(now))
              .header("X-Obsera-Signature", "sha256=" + "0".repeat(64))
              .POST(HttpRequest.BodyPublishers.ofString("{\"deliveryId\":\"d1\"}"))
              .build();

      assertThat(http.send(forged, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
      assertThat(hook.accepted()).isEmpty();
    }
  }
}
