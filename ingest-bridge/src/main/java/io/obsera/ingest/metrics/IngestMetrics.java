package io.obsera.ingest.metrics;

import io.obsera.ingest.pipeline.Signal;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-observability of the ingest bridge, served as Prometheus text at {@code /metrics}: items
 * accepted and rejected by tenant, signal and reason, requests by transport and status, request
 * latency and Kafka transaction latency. Registries per service instance (no global state): one for
 * the metrics without a tenant label, which anyone may scrape, and one for those labelled by
 * tenant, which name every tenant and are served only to the operator ({@link #scrape(boolean)}).
 */
public final class IngestMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusRegistry tenantRegistry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter accepted =
      Counter.builder()
          .name("obsera_ingest_items_accepted_total")
          .help("Spans, log records and data points stored in Kafka")
          .labelNames("tenant", "signal")
          .register(tenantRegistry);
  private final Counter rejected =
      Counter.builder()
          .name("obsera_ingest_items_rejected_total")
          .help("Items dropped as invalid (partial success) or refused with their request")
          .labelNames("tenant", "signal", "reason")
          .register(tenantRegistry);
  private final Counter requests =
      Counter.builder()
          .name("obsera_ingest_requests_total")
          .help("Export requests by transport, signal and answer")
          .labelNames("transport", "signal", "status")
          .register(registry);
  private final Histogram requestSeconds =
      Histogram.builder()
          .name("obsera_ingest_request_duration_seconds")
          .help("Time from request received to answer, including the Kafka acknowledgement")
          .labelNames("transport", "signal")
          .classicOnly()
          .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
          .register(registry);
  private final Histogram kafkaSeconds =
      Histogram.builder()
          .name("obsera_ingest_kafka_commit_duration_seconds")
          .help("Duration of one group-commit Kafka transaction (begin to commit)")
          .classicOnly()
          .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
          .register(registry);

  public void accepted(String tenant, Signal signal, int items) {
    if (items > 0) {
      accepted.labelValues(tenant, signal.header()).inc(items);
    }
  }

  public void rejected(String tenant, Signal signal, String reason, int items) {
    if (items > 0) {
      rejected.labelValues(tenant, signal.header(), reason).inc(items);
    }
  }

  public void request(String transport, Signal signal, String status, long nanos) {
    requests.labelValues(transport, signal.header(), status).inc();
    requestSeconds.labelValues(transport, signal.header()).observe(nanos / 1e9);
  }

  public void kafkaCommit(long nanos) {
    kafkaSeconds.observe(nanos / 1e9);
  }

  public String contentType() {
    return writer.getContentType();
  }

  /**
   * The current values in Prometheus text format: with {@code withTenants} every metric, else only
   * those without a tenant label.
   */
  public byte[] scrape(boolean withTenants) {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    registry.scrape().forEach(snapshots::add);
    if (withTenants) {
      tenantRegistry.scrape().forEach(snapshots::add);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, new MetricSnapshots(snapshots));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
