package io.obsera.query.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.query.ResultCaps;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trace of more spans than {@code OBSERA_TRACE_MAX_SPANS} (3 here): the view holds the first 3 in
 * start order, says {@code truncated}, and its {@code nextCursor} pages through the rest, each span
 * once, ties in start time broken by span id.
 */
@ExtendWith(ObseraServersExtension.class)
class TraceSpanCapIT {
  static final String ADMIN = "admin-token-" + UUID.randomUUID();
  static final String TENANT = "cap-" + UUID.randomUUID().toString().substring(0, 8);
  static final String TRACE = "7a8efff798038103d269b633813fc60d";

  /** Spans in start order; the 3rd and 4th (across the first page break) start at once. */
  static final List<String> SPANS =
      List.of(
          "a000000000000001",
          "a000000000000002",
          "a000000000000003",
          "a000000000000004",
          "a000000000000005",
          "a000000000000006",
          "a000000000000007");

  static QueryServer service;
  static String base;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("tracecap");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    try (Client client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, db).migrate();
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < SPANS.size(); i++) {
        String nanos = String.format("%09d", i == 3 ? 2 : i);
        rows.append(i == 0 ? "" : ",")
            .append(
                "('%s', toDateTime64('2026-11-26 10:00:00.%s', 9, 'UTC'), '%s', '%s', '%s',"
                    .formatted(TENANT, nanos, TRACE, SPANS.get(i), i == 0 ? "" : SPANS.get(0)))
            .append(" 'op', 'svc', 1000, 'Unset', '', map(), map())");
      }
      client.queryAll(
          "INSERT INTO "
              + db
              + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, ParentSpanId, SpanName,"
              + " ServiceName, Duration, StatusCode, StatusMessage, SpanAttributes,"
              + " ResourceAttributes) VALUES "
              + rows);
    }
    service =
        new QueryServer(
                new QueryConfig(
                        "127.0.0.1",
                        0,
                        kafka,
                        new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db),
                        ADMIN,
                        "obsera-streams",
                        Map.of(),
                        TestControlKeys.trust())
                    .withResultCaps(new ResultCaps(3, ResultCaps.defaults().panelMaxResultBytes())))
            .start();
    base = "http://127.0.0.1:" + service.port();
    assertThat(call("/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + TENANT + "\"}").statusCode())
        .isEqualTo(201);
    key =
        TestApi.json(
                call(
                    "/api/v1/admin/tenants/" + TENANT + "/keys", ADMIN, "{\"scopes\":[\"query\"]}"))
            .get("key")
            .asText();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static HttpResponse<String> call(String path, String token, String body) throws Exception {
    return TestApi.call(body == null ? "GET" : "POST", base + path, token, body);
  }

  @Test
  void should_capTheSpansOfATraceView_andPageThroughTheRest() throws Exception {
    List<JsonNode> pages = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> r =
          call("/api/v1/traces/" + TRACE + (cursor == null ? "" : "?cursor=" + cursor), key, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = TestApi.json(r);
      pages.add(page);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null && pages.size() < 10);

    assertThat(pages).hasSize(3);
    assertThat(pages)
        .extracting(p -> p.get("truncated").asBoolean())
        .containsExactly(true, true, false);
    assertThat(pages).extracting(p -> p.get("spans").size()).containsExactly(3, 3, 1);
    List<String> ids = new ArrayList<>();
    pages.forEach(p -> p.get("spans").forEach(s -> ids.add(s.get("spanId").asText())));
    assertThat(ids)
        .containsExactly(
            SPANS.get(0),
            SPANS.get(1),
            SPANS.get(2),
            SPANS.get(3),
            SPANS.get(4),
            SPANS.get(5),
            SPANS.get(6));
  }

  @Test
  void should_refuseACursorItDidNotIssue() throws Exception {
    HttpResponse<String> r = call("/api/v1/traces/" + TRACE + "?cursor=bm9wZQ", key, null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestApi.json(r).get("message").asText()).contains("cursor");
  }
}
