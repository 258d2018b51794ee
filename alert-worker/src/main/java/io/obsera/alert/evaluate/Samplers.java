package io.obsera.alert.evaluate;

import io.obsera.model.Json;
import io.obsera.model.RecordKeys;
import io.obsera.model.control.AlertRule;
import io.obsera.model.facts.RedMinute;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The two processors that read data for threshold and no-data rules (RED minutes, raw metric
 * fragments) and forward {@link Sample}s keyed {@code tenant|rule|group} to the repartition. A
 * record of a tenant without a rule that watches it costs one store scan; a metric fragment is
 * parsed only when a rule watches the metric named in its key.
 */
final class Samplers {
  private Samplers() {}

  /** Common part: the rules store, the health counters, forwarding. */
  abstract static class Base implements Processor<String, byte[], String, Sample> {
    final EvaluationHealth health;
    ProcessorContext<String, Sample> context;
    ReadOnlyKeyValueStore<String, AlertRule> rules;

    Base(EvaluationHealth health) {
      this.health = health;
    }

    @Override
    public void init(ProcessorContext<String, Sample> context) {
      this.context = context;
      rules = context.getStateStore(EvaluationTopology.RULES_STORE);
    }

    void forward(List<Sample> samples, long timestamp) {
      for (Sample s : samples) {
        context.forward(new Record<>(s.key(), s, timestamp));
      }
    }
  }

  /** RED minutes (JSON, keyed by series). */
  static final class Red extends Base {
    Red(EvaluationHealth health) {
      super(health);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      RedMinute red =
          health.readOrSkip("RED minute", record, v -> Json.MAPPER.readValue(v, RedMinute.class));
      if (red == null || red.tenantId() == null || red.service() == null) {
        return;
      }
      List<AlertRule> watching =
          AlertLabels.rulesOf(rules, red.tenantId()).stream()
              .filter(SampleMatcher::watchesRed)
              .toList();
      if (!watching.isEmpty()) {
        forward(SampleMatcher.ofRed(watching, red), record.timestamp());
      }
    }
  }

  /** Raw OTLP metric fragments, keyed {@code tenant|m:<resource hash>:<metric name>}. */
  static final class Metrics extends Base {
    Metrics(EvaluationHealth health) {
      super(health);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() == null || record.value() == null || record.key().indexOf('|') <= 0) {
        return;
      }
      String tenant = RecordKeys.tenantOf(record.key());
      String metric = metricName(record.key());
      List<AlertRule> watching =
          AlertLabels.rulesOf(rules, tenant).stream()
              .filter(r -> SampleMatcher.watchesMetric(r, metric == null ? r.metric() : metric))
              .toList();
      if (watching.isEmpty()) {
        return;
      }
      ExportMetricsServiceRequest req =
          health.readOrSkip("metric fragment", record, ExportMetricsServiceRequest::parseFrom);
      if (req == null) {
        return;
      }
      forward(SampleMatcher.ofMetrics(watching, tenant, req), record.timestamp());
    }

    /** The metric name in a metric key, or null when the key has another form. */
    static String metricName(String key) {
      String local = RecordKeys.localPart(key);
      if (!local.startsWith("m:")) {
        return null;
      }
      int colon = local.indexOf(':', 2);
      return colon < 0 ? null : local.substring(colon + 1);
    }
  }
}
