package io.obsera.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.Silence;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.alerts.AlertItServer.Tenant;
import io.obsera.testing.ObseraServersExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The routing and silence APIs against the real query service and Kafka, with a hand-moved clock:
 * the default routing, channels that must exist, the 409 for deleting a routed channel, silence
 * states and expiry, 400s naming fields, and tenant isolation.
 */
@ExtendWith(ObseraServersExtension.class)
class RoutingAndSilencesIT {
  static final String ROUTING = "/api/v1/alert-routing";
  static final String SILENCES = "/api/v1/silences";
  static final String HOOK =
      "{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\",\"secret\":\"whsec-0123456789abcdef\"}";
  static AlertItServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new AlertItServer(TargetGuard.strict());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void channel(Tenant t, String id) throws Exception {
    server.expect(
        201, "POST", "/api/v1/channels", t, "{\"id\":\"" + id + "\",\"channel\":" + HOOK + "}");
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void should_answerTheDefaultRouting_untilOneIsStored() throws Exception {
    Tenant t = AlertItServer.tenant("route-a", server);
    Tenant other = AlertItServer.tenant("route-b", server);
    channel(t, "pager");
    channel(t, "hook");
    JsonNode d = server.expect(200, "GET", ROUTING, t, null);
    assertThat(d.get("default").asBoolean()).isTrue();
    assertThat(texts(d.get("defaultChannels"))).containsExactly("hook", "pager");
    assertThat(d.get("routes")).isEmpty();
    assertThat(d.get("groupWaitMs").asLong()).isEqualTo(30_000);
    assertThat(d.get("groupIntervalMs").asLong()).isEqualTo(300_000);
    assertThat(d.get("repeatIntervalMs").asLong()).isEqualTo(14_400_000);
    assertThat(d.get("inhibitRules")).hasSize(2);
    assertThat(d.get("inhibitRules").get(0).get("equal").get(0).asText()).isEqualTo("slo");

    String routing =
        "{\"routes\":[{\"matchers\":[{\"label\":\"severity\",\"op\":\"=\",\"value\":\"page\"}],"
            + "\"channels\":[\"pager\"],\"groupBy\":[\"slo\"],\"groupWaitMs\":0}],"
            + "\"defaultChannels\":[\"hook\"],\"repeatIntervalMs\":3600000}";
    String missing = routing.replace("[\"pager\"]", "[\"pager\",\"nope\"]");
    assertThat(server.badRequest("PUT", ROUTING, t, missing))
        .isEqualTo("field 'routes[0].channels' names channel nope, which does not exist");
    // Another tenant's channel does not exist for this one.
    channel(other, "theirs");
    assertThat(server.badRequest("PUT", ROUTING, t, routing.replace("[\"hook\"]", "[\"theirs\"]")))
        .contains("field 'defaultChannels' names channel theirs");
    assertThat(server.badRequest("PUT", ROUTING, t, routing.replace("3600000", "999")))
        .contains("field 'repeatIntervalMs' must be between 1000");
    assertThat(server.badRequest("PUT", ROUTING, t, routing.replace("\"=\"", "\"~\"")))
        .contains("field 'routes[0].matchers[0].op'");
    assertThat(server.badRequest("PUT", ROUTING, t, routing.replace("\"routes\"", "\"rotues\"")))
        .contains("unknown field 'rotues'");
    assertThat(server.expect(200, "GET", ROUTING, t, null).get("default").asBoolean()).isTrue();

    server.clock.advance(Duration.ofMinutes(1));
    JsonNode stored = server.expect(200, "PUT", ROUTING, t, routing);
    assertThat(stored.get("default").asBoolean()).isFalse();
    assertThat(stored.get("tenantId").asText()).isEqualTo(t.id());
    assertThat(stored.get("actor").asText()).startsWith("key:");
    assertThat(stored.get("inhibitRules").isNull()).isTrue();
    assertThat(server.expect(200, "GET", ROUTING, t, null)).isEqualTo(stored);
    AlertRouting rec =
        Json.MAPPER.readValue(
            AlertItServer.latest(Topics.CONTROL_ALERT_ROUTING, t.id()), AlertRouting.class);
    assertThat(rec.validate()).isEmpty();
    assertThat(rec.routes().get(0).channels()).containsExactly("pager");

    // The other tenant still has its own default routing.
    JsonNode theirs = server.expect(200, "GET", ROUTING, other, null);
    assertThat(theirs.get("default").asBoolean()).isTrue();
    assertThat(texts(theirs.get("defaultChannels"))).containsExactly("theirs");

    // A routed channel cannot be deleted; once the routing no longer names it, it can.
    String conflict =
        server.expect(409, "DELETE", "/api/v1/channels/pager", t, null).get("message").asText();
    assertThat(conflict).contains("routes[0].channels").contains("/api/v1/alert-routing");
    assertThat(
            server.expect(409, "DELETE", "/api/v1/channels/hook", t, null).get("message").asText())
        .contains("defaultChannels");
    server.expect(200, "PUT", ROUTING, t, routing.replace("\"pager\"", "\"hook\""));
    server.expect(204, "DELETE", "/api/v1/channels/pager", t, null);
    server.expect(404, "GET", "/api/v1/channels/pager", t, null);
  }

  static String silence(String startsAt, String endsAt) {
    return "{\"matchers\":[{\"label\":\"slo\",\"op\":\"=\",\"value\":\"checkout\"},"
        + "{\"label\":\"region\",\"op\":\"=~\",\"value\":\"eu-.*\"}],"
        + (startsAt == null ? "" : "\"startsAt\":\"" + startsAt + "\",")
        + "\"endsAt\":\""
        + endsAt
        + "\",\"comment\":\"deploy\"}";
  }

  @Test
  void should_createListAndExpireSilences_onTheInjectedClock() throws Exception {
    Tenant t = AlertItServer.tenant("sil-a", server);
    Tenant other = AlertItServer.tenant("sil-b", server);
    Instant now = server.clock.instant();
    JsonNode active =
        server.expect(201, "POST", SILENCES, t, silence(null, now.plusSeconds(7200).toString()));
    String activeId = active.get("id").asText();
    assertThat(activeId).startsWith("sil-");
    assertThat(active.get("state").asText()).isEqualTo("active");
    assertThat(active.get("startsAt").asText()).isEqualTo(now.toString());
    assertThat(active.get("matchers")).hasSize(2);
    JsonNode pending =
        server.expect(
            201,
            "POST",
            SILENCES,
            t,
            silence(now.plusSeconds(3600).toString(), now.plusSeconds(10_800).toString()));
    String pendingId = pending.get("id").asText();
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    assertThat(ids(server.expect(200, "GET", SILENCES + "?state=active", t, null)))
        .containsExactly(activeId);
    assertThat(ids(server.expect(200, "GET", SILENCES + "?state=pending", t, null)))
        .containsExactly(pendingId);
    assertThat(server.expect(200, "GET", SILENCES + "?state=expired", t, null)).isEmpty();
    assertThat(ids(server.expect(200, "GET", SILENCES, t, null)))
        .containsExactlyInAnyOrder(activeId, pendingId);

    // An hour later the pending one is active; two hours later the first one expired by itself.
    server.clock.advance(Duration.ofHours(1));
    assertThat(server.expect(200, "GET", SILENCES + "/" + pendingId, t, null).get("state").asText())
        .isEqualTo("active");
    server.clock.advance(Duration.ofHours(1));
    assertThat(ids(server.expect(200, "GET", SILENCES + "?state=expired", t, null)))
        .containsExactly(activeId);

    // DELETE expires: it ends now and stays listed.
    server.clock.advance(Duration.ofMinutes(10));
    Instant expiredAt = server.clock.instant();
    JsonNode expired = server.expect(200, "DELETE", SILENCES + "/" + pendingId, t, null);
    assertThat(expired.get("state").asText()).isEqualTo("expired");
    assertThat(expired.get("endsAt").asText()).isEqualTo(expiredAt.toString());
    assertThat(ids(server.expect(200, "GET", SILENCES + "?state=expired", t, null)))
        .containsExactlyInAnyOrder(activeId, pendingId);
    assertThat(server.expect(200, "GET", SILENCES + "?state=active", t, null)).isEmpty();
    Silence rec =
        Json.MAPPER.readValue(
            AlertItServer.latest(Topics.CONTROL_SILENCES, t.id() + "|" + pendingId), Silence.class);
    assertThat(rec.endsAt()).isEqualTo(expiredAt);
    assertThat(rec.validate()).isEmpty();

    // The other tenant sees none of it and cannot expire it.
    assertThat(server.expect(200, "GET", SILENCES, other, null)).isEmpty();
    server.expect(404, "GET", SILENCES + "/" + activeId, other, null);
    server.expect(404, "DELETE", SILENCES + "/" + activeId, other, null);
    server.expect(401, "GET", SILENCES, null, null);
  }

  @Test
  void should_answer400_forSilencesThatSilenceNothing_orAreMalformed() throws Exception {
    Tenant t = AlertItServer.tenant("sil-bad", server);
    Instant now = server.clock.instant();
    String later = now.plusSeconds(3600).toString();
    assertThat(
            server.badRequest("POST", SILENCES, t, silence(null, now.minusSeconds(1).toString())))
        .contains("field 'endsAt' must be in the future");
    assertThat(
            server.badRequest("POST", SILENCES, t, silence(later, now.plusSeconds(60).toString())))
        .contains("field 'endsAt' must be after 'startsAt'");
    assertThat(
            server.badRequest(
                "POST", SILENCES, t, silence(null, now.plus(Duration.ofDays(366)).toString())))
        .contains("field 'endsAt' must be at most 365 days");
    assertThat(
            server.badRequest(
                "POST", SILENCES, t, "{\"matchers\":[],\"endsAt\":\"" + later + "\"}"))
        .contains("field 'matchers' must hold at least one matcher");
    assertThat(server.badRequest("POST", SILENCES, t, silence(null, later).replace("eu-.*", "(eu")))
        .contains("field 'matchers[1].value' is not a valid regular expression");
    assertThat(server.badRequest("POST", SILENCES, t, silence(null, "tomorrow")))
        .contains("field 'endsAt'");
    assertThat(server.badRequest("GET", SILENCES + "?state=sleeping", t, null))
        .contains("parameter 'state'");
    assertThat(server.expect(200, "GET", SILENCES, t, null)).isEmpty();
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }
}
