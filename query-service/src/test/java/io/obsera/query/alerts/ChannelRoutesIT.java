package io.obsera.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.QueryConfig;
import io.obsera.query.alerts.AlertItServer.Tenant;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The channel CRUD API against the real query service and Kafka: secrets sealed in the topic and
 * never answered, kept on PUT when left out, 400s naming the field, the SSRF rule for every
 * destination (strict and allowlisted), and tenant isolation.
 */
@ExtendWith(ObseraServersExtension.class)
class ChannelRoutesIT {
  static final String CHANNELS = "/api/v1/channels";
  static final String HOOK_SECRET = "whsec-0123456789-HOOK-SECRET";
  static final String SLACK_URL = "https://8.8.8.8/services/T000/B000/SLACKSECRETPATH";
  static final String PD_KEY = "R0UTINGKEY0123456789abcdefABCDEF";
  static final String SMTP_PASSWORD = "smtp-PASSWORD-secret-1";
  static final String SENDGRID_KEY = "SG.sendgrid-API-KEY-secret-123456";
  static final String TWILIO_TOKEN = "twilio-AUTH-TOKEN-secret-0123";
  static final List<String> SECRETS =
      List.of(
          HOOK_SECRET,
          SLACK_URL,
          "SLACKSECRETPATH",
          PD_KEY,
          SMTP_PASSWORD,
          SENDGRID_KEY,
          TWILIO_TOKEN);
  static final Map<String, String> EVERY_TYPE =
      Map.of(
          "hook",
          "{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\",\"secret\":\""
              + HOOK_SECRET
              + "\"}",
          "slack",
          "{\"type\":\"slack\",\"webhookUrl\":\"" + SLACK_URL + "\"}",
          "pd",
          "{\"type\":\"PAGERDUTY\",\"routingKey\":\""
              + PD_KEY
              + "\",\"eventsUrl\":\"https://8.8.4.4/v2/enqueue\"}",
          "mail",
          "{\"type\":\"SMTP\",\"host\":\"8.8.8.8\",\"port\":587,\"tls\":\"STARTTLS\","
              + "\"user\":\"alerts\",\"password\":\""
              + SMTP_PASSWORD
              + "\","
              + "\"from\":\"alerts@example.com\",\"to\":[\"ops@example.com\"]}",
          "sendgrid",
          "{\"type\":\"SENDGRID\",\"apiKey\":\""
              + SENDGRID_KEY
              + "\","
              + "\"from\":\"alerts@example.com\",\"to\":[\"ops@example.com\"],"
              + "\"baseUrl\":\"https://1.1.1.1\"}",
          "sms",
          "{\"type\":\"TWILIO_SMS\",\"accountSid\":\"AC0123456789abcdef0123456789abcdef\","
              + "\"authToken\":\""
              + TWILIO_TOKEN
              + "\",\"from\":\"+14155550100\","
              + "\"to\":[\"+14155550101\"],\"baseUrl\":\"https://1.1.1.1\"}");
  static AlertItServer strict;
  static AlertItServer allowing;
  static Tenant a;
  static Tenant b;

  @BeforeAll
  static void start() throws Exception {
    strict = new AlertItServer(TargetGuard.strict());
    // A second instance with the same secret key, as two replicas of the service would run.
    allowing =
        new AlertItServer(TargetGuard.allowing("127.0.0.0/8", TargetGuard.ENV), strict.secretKey);
    a = AlertItServer.tenant("ch-a", strict, allowing);
    b = AlertItServer.tenant("ch-b", strict, allowing);
  }

  @AfterAll
  static void stop() {
    strict.close();
    allowing.close();
  }

  static String body(String id, String name, String channel) {
    return "{"
        + (id == null ? "" : "\"id\":\"" + id + "\",")
        + "\"name\":\""
        + name
        + "\",\"channel\":"
        + channel
        + "}";
  }

  static void assertNoSecret(String text) {
    for (String s : SECRETS) {
      assertThat(text).as("a secret in: " + text).doesNotContain(s);
    }
  }

  @Test
  void should_storeEveryTypeSealed_andNeverAnswerASecret() throws Exception {
    for (Map.Entry<String, String> e : EVERY_TYPE.entrySet()) {
      HttpResponse<String> r =
          strict.call("POST", CHANNELS, a, body(e.getKey(), "On call " + e.getKey(), e.getValue()));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertNoSecret(r.body());
    }
    JsonNode hook = strict.expect(200, "GET", CHANNELS + "/hook", a, null);
    assertThat(hook.get("type").asText()).isEqualTo("WEBHOOK");
    assertThat(hook.get("name").asText()).isEqualTo("On call hook");
    assertThat(hook.get("channel").get("url").asText()).isEqualTo("https://8.8.8.8/hook");
    assertThat(hook.get("channel").get("secret").asText()).isEqualTo("***");
    JsonNode slack = strict.expect(200, "GET", CHANNELS + "/slack", a, null);
    assertThat(slack.get("channel").get("webhookUrl").asText()).isEqualTo("***");
    JsonNode pd = strict.expect(200, "GET", CHANNELS + "/pd", a, null);
    assertThat(pd.get("channel").get("routingKey").asText()).isEqualTo("***");
    assertThat(pd.get("channel").get("eventsUrl").asText()).isEqualTo("https://8.8.4.4/v2/enqueue");
    HttpResponse<String> list = strict.call("GET", CHANNELS, a, null);
    assertThat(listedIds(list)).containsExactly("hook", "mail", "pd", "sendgrid", "slack", "sms");
    assertNoSecret(list.body());

    // The topic holds sealed values only; they open with the service's key to the channel sent.
    List<ConsumerRecord<String, byte[]>> records = TestKafka.readAll(Topics.CONTROL_CHANNELS);
    assertThat(records).isNotEmpty();
    for (ConsumerRecord<String, byte[]> rec : records) {
      if (rec.value() != null) {
        assertNoSecret(new String(rec.value(), StandardCharsets.UTF_8));
      }
    }
    ChannelRecord stored =
        Json.MAPPER.readValue(
            AlertItServer.latest(Topics.CONTROL_CHANNELS, a.id() + "|hook"), ChannelRecord.class);
    assertThat(stored.sealedSecrets()).containsOnlyKeys("secret");
    Channel opened =
        new ChannelSealer(SecretBox.fromBase64(QueryConfig.SECRET_KEY_ENV, strict.secretKey))
            .open(stored);
    assertThat(opened).isEqualTo(new WebhookChannel("hook", "https://8.8.8.8/hook", HOOK_SECRET));
  }

  private static List<String> listedIds(HttpResponse<String> r) throws Exception {
    JsonNode list = Json.MAPPER.readTree(r.body());
    List<String> ids = new java.util.ArrayList<>();
    list.forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  @Test
  void should_keepTheStoredSecret_whenAPutLeavesItOut() throws Exception {
    Tenant t = AlertItServer.tenant("ch-put", strict, allowing);
    String hook = EVERY_TYPE.get("hook");
    JsonNode created = strict.expect(201, "POST", CHANNELS, t, body(null, "Ops", hook));
    String id = created.get("id").asText();
    assertThat(id).startsWith("ch-");
    strict.clock.advance(java.time.Duration.ofMinutes(1));
    // Left out (same destination, another path): the stored secret stays.
    String moved = "{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/new\"}";
    JsonNode r = strict.expect(200, "PUT", CHANNELS + "/" + id, t, body(null, "Ops 2", moved));
    assertThat(r.get("channel").get("url").asText()).isEqualTo("https://8.8.8.8/new");
    assertThat(r.get("createdAt")).isEqualTo(created.get("createdAt"));
    assertThat(r.get("updatedAt")).isNotEqualTo(created.get("updatedAt"));
    assertThat(openStored(t, id))
        .isEqualTo(new WebhookChannel(id, "https://8.8.8.8/new", HOOK_SECRET));
    // Sent back as "***" (what GET shows): kept too.
    String back = strict.expect(200, "GET", CHANNELS + "/" + id, t, null).toString();
    strict.expect(200, "PUT", CHANNELS + "/" + id, t, back);
    assertThat(openStored(t, id).toString())
        .isEqualTo(new WebhookChannel(id, "https://8.8.8.8/new", HOOK_SECRET).toString());
    assertThat(((WebhookChannel) openStored(t, id)).secret()).isEqualTo(HOOK_SECRET);
    // A new secret replaces it.
    String rotated =
        "{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/new\","
            + "\"secret\":\"whsec-ROTATED-0123456789\"}";
    strict.expect(200, "PUT", CHANNELS + "/" + id, t, body(id, "Ops", rotated));
    assertThat(((WebhookChannel) openStored(t, id)).secret()).isEqualTo("whsec-ROTATED-0123456789");
    // Another type cannot inherit the webhook's secret.
    String msg =
        strict.badRequest(
            "PUT",
            CHANNELS + "/" + id,
            t,
            body(null, "Ops", "{\"type\":\"PAGERDUTY\",\"eventsUrl\":\"https://8.8.4.4/\"}"));
    assertThat(msg).contains("field 'channel.routingKey'");
  }

  @Test
  void should_refuseToKeepAStoredSecret_whenAPutChangesTheDestination() throws Exception {
    Tenant t = AlertItServer.tenant("ch-moved", strict, allowing);
    for (Map.Entry<String, String> e : EVERY_TYPE.entrySet()) {
      strict.expect(201, "POST", CHANNELS, t, body(e.getKey(), "Ops", e.getValue()));
    }
    // Each destination re-pointed with its secret left out or sent back as "***": 400 naming
    // the secret, and the stored channel (sealed record in the topic) unchanged.
    Map<String, List<String[]>> moves =
        Map.of(
            "hook",
            List.of(
                new String[] {"https://8.8.8.8/hook", "https://9.9.9.9/hook"},
                new String[] {"https://8.8.8.8/hook", "https://8.8.8.8:8443/hook"},
                new String[] {"https://8.8.8.8/hook", "http://8.8.8.8/hook"}),
            "pd",
            List.<String[]>of(new String[] {"https://8.8.4.4/v2", "https://9.9.9.9/v2"}),
            "mail",
            List.of(
                new String[] {"\"host\":\"8.8.8.8\"", "\"host\":\"9.9.9.9\""},
                new String[] {"\"port\":587", "\"port\":2525"}),
            "sendgrid",
            List.<String[]>of(new String[] {"https://1.1.1.1", "https://9.9.9.9"}),
            "sms",
            List.<String[]>of(new String[] {"https://1.1.1.1", "https://1.0.0.1:8443"}));
    Map<String, String> secrets =
        Map.of(
            "hook", "secret",
            "pd", "routingKey",
            "mail", "password",
            "sendgrid", "apiKey",
            "sms", "authToken");
    Map<String, String> values =
        Map.of(
            "hook", HOOK_SECRET,
            "pd", PD_KEY,
            "mail", SMTP_PASSWORD,
            "sendgrid", SENDGRID_KEY,
            "sms", TWILIO_TOKEN);
    for (Map.Entry<String, List<String[]>> e : moves.entrySet()) {
      String id = e.getKey();
      String secret = secrets.get(id);
      String quoted = "\"" + values.get(id) + "\"";
      String before = new String(latestRecord(t, id), StandardCharsets.UTF_8);
      Channel stored = openStored(t, id);
      for (String[] move : e.getValue()) {
        String moved = EVERY_TYPE.get(id).replace(move[0], move[1]);
        assertThat(moved).as(id).isNotEqualTo(EVERY_TYPE.get(id));
        for (String without :
            List.of(
                moved
                    .replace(",\"" + secret + "\":" + quoted, "")
                    .replace("\"" + secret + "\":" + quoted + ",", ""),
                moved.replace(quoted, "\"***\""))) {
          assertThat(without).as(id).doesNotContain(values.get(id));
          String msg =
              strict.badRequest("PUT", CHANNELS + "/" + id, t, body(null, "Moved", without));
          assertThat(msg)
              .as(id + ": " + without)
              .contains("field 'channel." + secret + "' is required")
              .contains("destination");
          assertNoSecret(msg);
        }
      }
      assertThat(new String(latestRecord(t, id), StandardCharsets.UTF_8)).as(id).isEqualTo(before);
      assertThat(openStored(t, id)).as(id).isEqualTo(stored);
      assertThat(strict.expect(200, "GET", CHANNELS + "/" + id, t, null).get("name").asText())
          .isEqualTo("Ops");
      // The secret sent again with the new destination: accepted, stored with both.
      String[] last = e.getValue().get(e.getValue().size() - 1);
      String resent = EVERY_TYPE.get(id).replace(last[0], last[1]);
      strict.expect(200, "PUT", CHANNELS + "/" + id, t, body(null, "Moved", resent));
      Channel now = openStored(t, id);
      assertThat(now.destination()).as(id).isNotEqualTo(stored.destination());
      assertThat(Json.MAPPER.valueToTree(now).get(secret).asText()).isEqualTo(values.get(id));
      // Same destination from now on: leaving the secret out keeps it again.
      String renamed = resent.replace(quoted, "\"***\"");
      strict.expect(200, "PUT", CHANNELS + "/" + id, t, body(null, "Renamed", renamed));
      assertThat(openStored(t, id)).as(id).isEqualTo(now);
    }
  }

  private static byte[] latestRecord(Tenant t, String id) {
    return AlertItServer.latest(Topics.CONTROL_CHANNELS, t.id() + "|" + id);
  }

  private static Channel openStored(Tenant t, String id) throws Exception {
    ChannelRecord last =
        Json.MAPPER.readValue(
            AlertItServer.latest(Topics.CONTROL_CHANNELS, t.id() + "|" + id), ChannelRecord.class);
    return new ChannelSealer(SecretBox.fromBase64(QueryConfig.SECRET_KEY_ENV, strict.secretKey))
        .open(last);
  }

  @Test
  void should_answer400_namingTheField_withoutEchoingSecrets() throws Exception {
    String hook = EVERY_TYPE.get("hook");
    assertBad(
        body("x", "X", hook.replace("https://8.8.8.8/hook", "ftp://8.8.8.8/")),
        "field 'channel.url'");
    assertBad(body("x", "X", hook.replace(HOOK_SECRET, "short")), "field 'channel.secret'");
    assertBad(body("x", "X", hook.replace("WEBHOOK", "CARRIER_PIGEON")), "field 'channel.type'");
    assertBad(body("x", "X", hook.replace("\"type\":\"WEBHOOK\",", "")), "field 'channel.type'");
    assertBad(body("x", "X", hook.replace("\"url\"", "\"uri\"")), "unknown field 'uri'");
    assertBad("{\"id\":\"x\",\"name\":\"X\"}", "field 'channel' is required");
    assertBad(body("Bad Id", "X", hook), "field 'id'");
    assertBad(body("x", " ", hook), "field 'name'");
    assertBad(
        body("x", "X", EVERY_TYPE.get("mail").replace("587", "\"smtp\"")), "field 'channel.port'");
    assertBad(
        body("x", "X", EVERY_TYPE.get("mail").replace("ops@example.com", "nobody")),
        "field 'channel.to'");
    assertBad(
        body("x", "X", EVERY_TYPE.get("pd").replace(PD_KEY, PD_KEY + "x")),
        "field 'channel.routingKey'");
    String slackMsg =
        strict.badRequest(
            "POST",
            CHANNELS,
            a,
            body("x", "X", EVERY_TYPE.get("slack").replace("https://", "gopher://")));
    assertThat(slackMsg).contains("field 'channel.webhookUrl'");
    assertNoSecret(slackMsg);
    assertThat(strict.call("GET", CHANNELS + "/x", a, null).statusCode()).isEqualTo(404);
  }

  private static void assertBad(String body, String expected) throws Exception {
    String msg = strict.badRequest("POST", CHANNELS, a, body);
    assertThat(msg).as(body).contains(expected);
    assertNoSecret(msg);
  }

  @Test
  void should_refuseNonPublicDestinations_unlessAllowlisted() throws Exception {
    String hook = EVERY_TYPE.get("hook");
    assertRefused(strict, hook.replace("8.8.8.8", "127.0.0.1:8080"), "channel.url", "127.0.0.1");
    assertRefused(
        strict, hook.replace("8.8.8.8", "169.254.169.254"), "channel.url", "169.254.169.254");
    assertRefused(
        strict, EVERY_TYPE.get("slack").replace("8.8.8.8", "[::1]"), "channel.webhookUrl", "::1");
    assertRefused(
        strict, EVERY_TYPE.get("mail").replace("8.8.8.8", "10.0.0.7"), "channel.host", "10.0.0.7");
    assertRefused(
        strict,
        EVERY_TYPE.get("pd").replace("8.8.4.4", "10.1.2.3"),
        "channel.eventsUrl",
        "10.1.2.3");
    assertRefused(
        strict,
        EVERY_TYPE.get("sendgrid").replace("1.1.1.1", "192.168.0.1"),
        "channel.baseUrl",
        "192.168.0.1");
    assertRefused(strict, hook.replace("8.8.8.8", "localhost"), "channel.url", "localhost");

    // The operator's allowlist (127.0.0.0/8) admits loopback, and nothing else.
    Tenant t = AlertItServer.tenant("ch-ssrf", strict, allowing);
    JsonNode ok =
        allowing.expect(
            201,
            "POST",
            CHANNELS,
            t,
            body("local", "Local", hook.replace("8.8.8.8", "127.0.0.1:9")));
    assertThat(ok.get("channel").get("url").asText()).isEqualTo("https://127.0.0.1:9/hook");
    assertRefused(
        allowing, hook.replace("8.8.8.8", "169.254.169.254"), "channel.url", "169.254.169.254");
    // The strict service refuses to save it again: the rule applies to every write.
    String msg =
        strict.badRequest(
            "PUT",
            CHANNELS + "/local",
            t,
            body(null, "Renamed", "{\"type\":\"WEBHOOK\",\"url\":\"https://127.0.0.1:9/hook\"}"));
    assertThat(msg).contains("field 'channel.url'").contains("127.0.0.1");
    assertThat(allowing.expect(200, "GET", CHANNELS + "/local", t, null).get("name").asText())
        .isEqualTo("Local");
  }

  private static void assertRefused(AlertItServer s, String channel, String field, String named)
      throws Exception {
    String msg = s.badRequest("POST", CHANNELS, a, body("ssrf", "SSRF", channel));
    assertThat(msg).as(channel).contains("field '" + field + "'").contains(named);
    assertNoSecret(msg);
    assertThat(s.call("GET", CHANNELS + "/ssrf", a, null).statusCode()).isEqualTo(404);
  }

  @Test
  void should_keepTenantsApart() throws Exception {
    Tenant c = AlertItServer.tenant("ch-c", strict, allowing);
    Tenant d = AlertItServer.tenant("ch-d", strict, allowing);
    String hook = EVERY_TYPE.get("hook");
    strict.expect(201, "POST", CHANNELS, c, body("mine", "C's", hook));
    strict.expect(404, "GET", CHANNELS + "/mine", d, null);
    strict.expect(404, "PUT", CHANNELS + "/mine", d, body(null, "D's", hook));
    strict.expect(404, "DELETE", CHANNELS + "/mine", d, null);
    assertThat(strict.expect(200, "GET", CHANNELS, d, null)).isEmpty();
    strict.expect(201, "POST", CHANNELS, d, body("mine", "D's", hook));
    assertThat(strict.expect(200, "GET", CHANNELS + "/mine", c, null).get("name").asText())
        .isEqualTo("C's");
    strict.expect(409, "POST", CHANNELS, c, body("mine", "again", hook));
    strict.expect(401, "GET", CHANNELS, null, null);
    strict.expect(204, "DELETE", CHANNELS + "/mine", c, null);
    strict.expect(404, "GET", CHANNELS + "/mine", c, null);
    strict.expect(200, "GET", CHANNELS + "/mine", d, null);
  }
}
