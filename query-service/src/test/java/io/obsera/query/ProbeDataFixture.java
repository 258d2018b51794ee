package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.OutageEvent;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A query service on its own migrated database, with a tenant, a query key, endpoints written to
 * the control-plane topic and outages / health checks stored in ClickHouse.
 *
 * <p>The rows are inserted straight into {@code outages} and {@code health_checks}: the writer's
 * encoders for those tables are built on another branch (issue #6, area "outages"). Rows follow
 * what that writer stores: one row per {@link OutageEvent}, the latest per outage id wins (FINAL).
 */
public final class ProbeDataFixture implements AutoCloseable {
  public final String admin = "admin-token-" + UUID.randomUUID();
  public final String database;
  public final QueryServer service;
  public final String base;
  private final ControlPlaneWriter control;

  public ProbeDataFixture(String dbPrefix) throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    database = TestClickHouse.createDatabase(dbPrefix);
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    try (Client client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, database).migrate();
    }
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), database);
    service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    admin,
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust()))
            .start();
    base = "http://127.0.0.1:" + service.port();
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
  }

  public HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestApi.call(method, base + path, token, body);
  }

  /** Creates a tenant through the admin API and returns a new query key of it. */
  public String tenantWithKey(String tenant) throws Exception {
    HttpResponse<String> t =
        call("POST", "/api/v1/admin/tenants", admin, "{\"id\":\"" + tenant + "\"}");
    assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
    HttpResponse<String> k =
        call(
            "POST", "/api/v1/admin/tenants/" + tenant + "/keys", admin, "{\"scopes\":[\"query\"]}");
    return TestApi.json(k).get("key").asText();
  }

  /** Writes a valid endpoint definition to the control-plane topic. */
  public void endpoint(
      String tenant, String id, String name, String service, List<MaintenanceWindow> windows) {
    EndpointDefinition e = definition(tenant, id, name, service, windows);
    control.put(Topics.CONTROL_ENDPOINTS, e.key(), e);
  }

  /** Writes a valid endpoint definition created (and last updated) at {@code createdAt}. */
  public void endpoint(String tenant, String id, String name, String service, Instant createdAt) {
    EndpointDefinition e = definition(tenant, id, name, service, List.of(), createdAt);
    control.put(Topics.CONTROL_ENDPOINTS, e.key(), e);
  }

  /** A valid endpoint probed from eu-west and us-east, defaults elsewhere. */
  public static EndpointDefinition definition(
      String tenant, String id, String name, String service, List<MaintenanceWindow> windows) {
    return definition(tenant, id, name, service, windows, Instant.parse("2026-01-01T00:00:00Z"));
  }

  static EndpointDefinition definition(
      String tenant,
      String id,
      String name,
      String service,
      List<MaintenanceWindow> windows,
      Instant t) {
    return new EndpointDefinition(
            null,
            null,
            name,
            service,
            "https://" + id + ".example.com/health",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("eu-west", "us-east"),
            null,
            null,
            null,
            null,
            windows,
            null,
            null,
            null,
            null)
        .stamped(tenant, id, t, t, "test")
        .withDefaults()
        .requireValid();
  }

  /** Stores an outage as the writer would: an OPEN row, then (when ended) a RESOLVED row. */
  public void outage(
      String tenant, String endpoint, OutageEvent.Kind kind, String start, String end) {
    outage(tenant, endpoint, kind, start, end, "connection refused");
  }

  /** {@link #outage(String, String, OutageEvent.Kind, String, String)} with its cause. */
  public void outage(
      String tenant,
      String endpoint,
      OutageEvent.Kind kind,
      String start,
      String end,
      String cause) {
    Instant s = Instant.parse(start);
    String id = OutageEvent.outageId(tenant, endpoint, kind, s);
    insertOutage(tenant, endpoint, id, kind, "OPEN", s, null, s, cause);
    if (end != null) {
      Instant e = Instant.parse(end);
      insertOutage(tenant, endpoint, id, kind, "RESOLVED", s, e, e, cause);
    }
  }

  private void insertOutage(
      String tenant,
      String endpoint,
      String id,
      OutageEvent.Kind kind,
      String state,
      Instant start,
      Instant end,
      Instant updated,
      String cause) {
    sql(
        "INSERT INTO "
            + database
            + ".outages VALUES ('"
            + tenant
            + "', '"
            + endpoint
            + "', '"
            + id
            + "', '"
            + kind
            + "', '"
            + state
            + "', fromUnixTimestamp64Milli("
            + start.toEpochMilli()
            + "), "
            + (end == null ? "NULL" : "fromUnixTimestamp64Milli(" + end.toEpochMilli() + ")")
            + ", ['eu-west', 'us-east'], '"
            + cause.replace("\\", "\\\\").replace("'", "\\'")
            + "', fromUnixTimestamp64Milli("
            + updated.toEpochMilli()
            + "))");
  }

  /**
   * Stores health checks of {@code endpoint} from {@code region} every {@code step} in {@code
   * [from, to)}, all with {@code outcome} and a total time of {@code totalMs}.
   */
  public void checks(
      String tenant,
      String endpoint,
      String region,
      Instant from,
      Instant to,
      java.time.Duration step,
      CheckOutcome outcome,
      double totalMs) {
    checks(
        tenant,
        endpoint,
        region,
        from,
        to,
        step,
        outcome,
        outcome == CheckOutcome.DOWN ? 503 : 200,
        totalMs);
  }

  /**
   * Like {@link #checks(String, String, String, Instant, Instant, java.time.Duration, CheckOutcome,
   * double)} with the HTTP status of each check; null: no answer (refused, timed out).
   */
  public void checks(
      String tenant,
      String endpoint,
      String region,
      Instant from,
      Instant to,
      java.time.Duration step,
      CheckOutcome outcome,
      Integer statusCode,
      double totalMs) {
    StringBuilder values = new StringBuilder();
    for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
      values
          .append(values.length() == 0 ? "" : ", ")
          .append("('")
          .append(tenant)
          .append("', '")
          .append(endpoint)
          .append("', '")
          .append(region)
          .append("', 'agent-")
          .append(region)
          .append("', fromUnixTimestamp64Milli(")
          .append(t.toEpochMilli())
          .append("), 'https://")
          .append(endpoint)
          .append(".example.com/health', 'GET', '")
          .append(outcome)
          .append("', ")
          .append(statusCode == null ? "NULL" : statusCode.toString())
          .append(", ")
          .append(totalMs)
          .append(")");
    }
    sql(
        "INSERT INTO "
            + database
            + ".health_checks (TenantId, EndpointId, Region, Agent, Time, Url, Method, Outcome,"
            + " StatusCode, TotalMs) VALUES "
            + values);
  }

  public void sql(String statement) {
    try (Client client = TestClickHouse.adminClient()) {
      client.execute(statement).get(30, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      throw new IllegalStateException("failed: " + statement, e);
    }
  }

  @Override
  public void close() {
    control.close();
    service.close();
  }
}
