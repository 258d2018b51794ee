package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.schema.ClickHouseClients;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #6 end to end, through the standalone runtime's three probe agents (eu-west, us-east,
 * ap-south): a local service that answers each region with its own delay (the agents name their
 * region in the User-Agent; this machine's kernel has no netem for per-namespace delays) and fails
 * for the regions the test picks. Checks land in {@code health_checks}, regional latency differs
 * accordingly, a failure seen from one region is not an outage, two of three regions failing open
 * one DOWN outage (quorum 2, two consecutive failures) that resolves when they recover, and the
 * outage shows in the endpoint's outage list, the public status page, the service's timeline and
 * the month's SLA report.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeOutagesEndToEndIT {
  private static final Map<String, Integer> DELAY_MS =
      Map.of("eu-west", 0, "us-east", 80, "ap-south", 220);

  /** The probed service: per-region delay, 503 for the regions in {@link #failing}. */
  static final class RegionalService implements AutoCloseable {
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final HttpServer server;

    RegionalService() throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.createContext(
          "/health",
          exchange -> {
            String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
            String region = agent.startsWith("obsera-probe/") ? agent.substring(13) : "?";
            try {
              Thread.sleep(DELAY_MS.getOrDefault(region, 0));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            boolean down = failing.contains(region);
            byte[] body = (down ? "maintenance" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void should_openAnOutageOnlyOnAQuorumOfRegions_andShowItEverywhere() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("probe-e2e");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    env.put("OBSERA_RED_GRACE_MS", "1000");
    env.put("OBSERA_OUTAGE_TICK_MS", "500");
    env.put("OBSERA_PROBE_REFRESH_MS", "1000");
    String id = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    try (RegionalService service = new RegionalService();
        Standalone obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      String key = obsera.apiKey();
      Instant start = Instant.now();
      HttpResponse<String> put =
          TestApi.call(
              "PUT",
              api + "/api/v1/endpoints/" + id,
              key,
              "{\"name\":\"Shop\",\"service\":\"shop\",\"url\":\""
                  + service.url()
                  + "\",\"intervalMs\":2000,\"timeoutMs\":2000,\"bodyMatch\":\"ok\","
                  + "\"regions\":[\"eu-west\",\"us-east\",\"ap-south\"],\"quorum\":2,"
                  + "\"failureThreshold\":2}");
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

      // Healthy: every region checks, each with its own latency.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> checks(ch, id, "UP").values().stream().filter(n -> n >= 3).count() == 3);
      awaitRegionalLatencyOrder(api, key, id, start);

      // One region failing: its checks are DOWN, but it is no outage (quorum 2).
      service.failing.add("eu-west");
      long downBefore = checks(ch, id, "DOWN").getOrDefault("eu-west", 0L);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> checks(ch, id, "DOWN").getOrDefault("eu-west", 0L) >= downBefore + 4);
      assertThat(down(ch, id)).as(describe(outages(ch, id))).isEmpty();

      // Two of three failing: one DOWN outage naming both regions.
      Instant twoFailing = Instant.now();
      service.failing.add("us-east");
      await().atMost(Duration.ofSeconds(60)).until(() -> !down(ch, id).isEmpty());
      GenericRecord open = down(ch, id).get(0);
      assertThat(open.getString("Kind")).isEqualTo("DOWN");
      assertThat(open.getString("State")).isEqualTo("OPEN");
      assertThat(open.getList("Regions"))
          .map(String::valueOf)
          .containsExactlyInAnyOrder("eu-west", "us-east");
      assertThat(Instant.ofEpochMilli(open.getLong("S"))).isAfter(twoFailing.minusSeconds(3));
      String outageId = open.getString("OutageId");

      String slug = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
      assertThat(
              TestApi.call(
                      "PUT",
                      api + "/api/v1/status-page",
                      key,
                      "{\"slug\":\""
                          + slug
                          + "\",\"title\":\"Shop status\",\"components\":[\""
                          + id
                          + "\"],\"public\":true}")
                  .statusCode())
          .isIn(200, 201);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> statusOf(api, slug).equals("outage"));

      // Recovery: the outage resolves, with its duration.
      service.failing.clear();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> down(ch, id).get(0).getString("State").equals("RESOLVED"));
      GenericRecord resolved = down(ch, id).get(0);
      assertThat(down(ch, id)).as(describe(outages(ch, id))).hasSize(1);
      assertThat(resolved.getString("OutageId")).isEqualTo(outageId);
      assertThat(resolved.getLong("E")).isGreaterThan(resolved.getLong("S"));

      JsonNode listed =
          TestApi.json(
              TestApi.call("GET", api + "/api/v1/endpoints/" + id + "/outages", key, null));
      JsonNode listedDown = null;
      for (JsonNode o : listed.path("outages")) {
        if (o.path("kind").asText().equals("DOWN")) {
          assertThat(listedDown).as(listed.toString()).isNull();
          listedDown = o;
        }
      }
      assertThat(listedDown).as(listed.toString()).isNotNull();
      assertThat(listedDown.path("outageId").asText()).isEqualTo(outageId);
      assertThat(listedDown.path("state").asText()).isEqualTo("RESOLVED");
      assertThat(listedDown.path("durationMs").asLong())
          .isEqualTo(resolved.getLong("E") - resolved.getLong("S"));

      JsonNode timeline =
          TestApi.json(
              TestApi.call(
                  "GET",
                  api
                      + "/api/v1/timeline?service=shop&limit=1000&from="
                      + start.minusSeconds(60).toEpochMilli() * 1_000_000L,
                  key,
                  null));
      List<String> outageItems = new java.util.ArrayList<>();
      for (JsonNode item : timeline.path("items")) {
        if (item.path("type").asText().equals("outage")
            && item.path("name").asText().startsWith("DOWN ")) {
          outageItems.add(item.path("name").asText() + " " + item.path("extra").asText());
        }
      }
      assertThat(outageItems)
          .as(timeline.toString())
          .containsExactly("DOWN " + id + " OPEN", "DOWN " + id + " RESOLVED");

      JsonNode sla = TestApi.json(TestApi.call("GET", api + "/api/v1/sla", key, null));
      JsonNode mine = null;
      for (JsonNode e : sla.path("endpoints")) {
        if (e.path("id").asText().equals(id)) {
          mine = e;
        }
      }
      assertThat(mine).as(sla.toString()).isNotNull();
      assertThat(mine.path("downtimeMinutes").asDouble())
          .isCloseTo(
              (resolved.getLong("E") - resolved.getLong("S")) / 60_000.0,
              org.assertj.core.data.Offset.offset(0.01));
      assertThat(mine.path("outages").toString()).contains(outageId);
    }
  }

  /** Checks of the endpoint with {@code outcome}, per region. */
  private static Map<String, Long> checks(Client ch, String id, String outcome) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (GenericRecord r :
        ch.queryAll(
            "SELECT Region, count() AS N FROM health_checks WHERE TenantId = 'default'"
                + " AND EndpointId = {id:String} AND Outcome = {o:String} GROUP BY Region",
            Map.of("id", id, "o", outcome))) {
      out.put(r.getString("Region"), r.getLong("N"));
    }
    return out;
  }

  /** Every outage of the endpoint, latest state, oldest first. */
  private static List<GenericRecord> outages(Client ch, String id) {
    return ch.queryAll(
        "SELECT OutageId, toString(Kind) AS Kind, toString(State) AS State, Regions,"
            + " toUnixTimestamp64Milli(StartTime) AS S,"
            + " toUnixTimestamp64Milli(ifNull(EndTime, StartTime)) AS E"
            + " FROM outages FINAL WHERE TenantId = 'default' AND EndpointId = {id:String}"
            + " ORDER BY StartTime",
        Map.of("id", id));
  }

  /** The endpoint's DOWN outages (NO_DATA or DEGRADED ones may come from a loaded machine). */
  private static List<GenericRecord> down(Client ch, String id) {
    return outages(ch, id).stream().filter(r -> r.getString("Kind").equals("DOWN")).toList();
  }

  private static String describe(List<GenericRecord> outages) {
    return outages.stream()
        .map(
            r ->
                r.getString("Kind")
                    + " "
                    + r.getString("State")
                    + " "
                    + r.getList("Regions")
                    + " from "
                    + r.getLong("S"))
        .toList()
        .toString();
  }

  private static String statusOf(String api, String slug) throws Exception {
    HttpResponse<String> r = TestApi.call("GET", api + "/status/" + slug + ".json", null, null);
    return r.statusCode() == 200
        ? TestApi.json(r).path("status").asText()
        : "http " + r.statusCode();
  }

  /** The regional latency API orders the regions by their injected delays. */
  private static void awaitRegionalLatencyOrder(String api, String key, String id, Instant start) {
    String url =
        api
            + "/api/v1/latency/regions?service=obsera-probe&operation="
            + id
            + "&from="
            + start.minusSeconds(60).toEpochMilli() * 1_000_000L;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              JsonNode r = TestApi.json(TestApi.call("GET", url, key, null));
              Map<String, Double> p50 = new java.util.HashMap<>();
              for (JsonNode region : r.path("regions")) {
                p50.put(region.path("region").asText(), region.path("p50Ms").asDouble());
              }
              assertThat(p50).as(r.toString()).containsKeys("eu-west", "us-east", "ap-south");
              assertThat(p50.get("us-east")).isGreaterThan(p50.get("eu-west") + 40);
              assertThat(p50.get("ap-south")).isGreaterThan(p50.get("us-east") + 80);
            });
  }
}
