package io.obsera.query.health;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /metrics} of the query service: the pipeline's health as Prometheus gauges, read from
 * the same cached {@link PipelineStatus} snapshot as {@code /health}. No tenant data, so no auth,
 * like the ingest bridge's {@code /metrics}.
 *
 * <ul>
 *   <li>{@code obsera_pipeline_consumer_lag_records{group,topic}};
 *   <li>{@code obsera_pipeline_consumer_lag_known{group}}: 1 when the group's lag could be read;
 *   <li>{@code obsera_pipeline_dead_letter_records};
 *   <li>{@code obsera_pipeline_freshness_seconds{signal}}: age of the newest queryable row (absent
 *       when the signal has no row in the last day).
 * </ul>
 */
public final class PipelineMetrics {
  private final PipelineStatus status;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public PipelineMetrics(PipelineStatus status) {
    this.status = status;
    GaugeWithCallback.builder()
        .name("obsera_pipeline_consumer_lag_records")
        .help("Records not yet processed, per consumer group and topic")
        .labelNames("group", "topic")
        .callback(
            cb ->
                status
                    .snapshot()
                    .lagByGroupAndTopic()
                    .forEach(
                        (group, topics) ->
                            topics.forEach((topic, lag) -> cb.call(lag, group, topic))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("obsera_pipeline_consumer_lag_known")
        .help("1 when the group's committed offsets could be read, else 0")
        .labelNames("group")
        .callback(
            cb -> {
              Map<String, ?> known = status.snapshot().lagByGroupAndTopic();
              for (String group : status.groups()) {
                cb.call(known.containsKey(group) ? 1 : 0, group);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("obsera_pipeline_dead_letter_records")
        .help("Records in the dead-letter topic")
        .callback(
            cb -> {
              Long dlq = status.snapshot().deadLetterRecords();
              if (dlq != null) {
                cb.call(dlq);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("obsera_pipeline_freshness_seconds")
        .help("Age of the newest queryable row per signal")
        .labelNames("signal")
        .callback(
            cb ->
                status
                    .snapshot()
                    .freshnessSeconds()
                    .forEach(
                        (signal, age) -> {
                          if (age != null) {
                            cb.call(age, signal);
                          }
                        }))
        .register(registry);
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/metrics", this::serve);
  }

  private void serve(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}
