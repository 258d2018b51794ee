package io.obsera.streams.topology;

import io.obsera.model.probe.HealthCheck;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The streams one part of the streams-topology application hands to the parts added after it: a
 * topic has one source per topology, so the probe and SLO parts read the spans that {@link
 * TraceRedUsageTopology} parsed, and the SLO part the health checks the probe part read back.
 * {@link io.obsera.streams.StreamsParts} adds the parts in that order.
 */
public final class SharedStreams {
  private KStream<String, ExportTraceServiceRequest> spans;
  private KStream<String, HealthCheck> healthChecks;

  /** The valid span fragments, parsed once. */
  public KStream<String, ExportTraceServiceRequest> spans() {
    if (spans == null) {
      throw new IllegalStateException(
          "no part has parsed spans yet: add TraceRedUsageTopology first");
    }
    return spans;
  }

  void spans(KStream<String, ExportTraceServiceRequest> parsed) {
    this.spans = parsed;
  }

  /** The health checks as read back from their topic. */
  public KStream<String, HealthCheck> healthChecks() {
    if (healthChecks == null) {
      throw new IllegalStateException(
          "no part has read health checks yet: add ProbeTopology before SloTopology");
    }
    return healthChecks;
  }

  public void healthChecks(KStream<String, HealthCheck> readBack) {
    this.healthChecks = readBack;
  }
}
