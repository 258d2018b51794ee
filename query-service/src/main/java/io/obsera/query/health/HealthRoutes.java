package io.obsera.query.health;

import com.clickhouse.client.api.Client;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.platform.kafka.KafkaReadiness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code GET /health}: 200 when Kafka and ClickHouse answer, else 503 naming what is down; {@code
 * sql} tells whether SQL (the API's and panels') is enabled, why not, and which tenants' readers
 * could not be applied. {@code GET /ready}: 200 only when every stage of this process is up ({@link
 * Readiness}), else 503 naming each stage that is not, with why.
 */
public final class HealthRoutes {
  private final KafkaReadiness kafka;
  private final Client clickHouse;
  private final PipelineStatus pipeline;
  private final Supplier<Map<String, Object>> sql;
  private final Readiness readiness;

  public HealthRoutes(
      Admin kafka,
      Client clickHouse,
      PipelineStatus pipeline,
      Supplier<Map<String, Object>> sql,
      Readiness readiness) {
    this.kafka = new KafkaReadiness(kafka);
    this.clickHouse = clickHouse;
    this.pipeline = pipeline;
    this.sql = sql;
    this.readiness = readiness;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/health", this::health);
    cfg.routes.get("/ready", this::ready);
  }

  private void ready(Context ctx) {
    Readiness.Result r = readiness.check();
    Map<String, Object> components = new LinkedHashMap<>();
    for (String name : r.names()) {
      String problem = r.problems().get(name);
      components.put(
          name,
          problem == null
              ? Map.of("status", "ready")
              : Map.of("status", "not_ready", "reason", problem));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", r.ready() ? "ready" : "not_ready");
    if (!r.ready()) {
      body.put("notReady", List.copyOf(r.problems().keySet()));
      body.put(
          "message",
          "not ready: "
              + String.join(
                  "; ",
                  r.problems().entrySet().stream()
                      .map(e -> e.getKey() + " (" + e.getValue() + ")")
                      .toList()));
    }
    body.put("components", components);
    ctx.status(r.ready() ? 200 : 503).json(body);
  }

  private void health(Context ctx) {
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("kafka", check(kafka::check));
    components.put("clickhouse", check(() -> clickHouse.ping(2000)));
    boolean up =
        components.values().stream().allMatch(c -> "up".equals(((Map<?, ?>) c).get("status")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("components", components);
    body.put("sql", sql.get());
    if (up) {
      body.put("pipeline", pipeline.details());
    }
    if (!up) {
      body.put(
          "message",
          "down: "
              + String.join(
                  ", ",
                  components.entrySet().stream()
                      .filter(e -> !"up".equals(((Map<?, ?>) e.getValue()).get("status")))
                      .map(Map.Entry::getKey)
                      .toList()));
    }
    ctx.status(up ? 200 : 503).json(body);
  }

  private static Map<String, Object> check(java.util.function.BooleanSupplier probe) {
    boolean ok;
    try {
      ok = probe.getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    return Map.of("status", ok ? "up" : "down");
  }
}
