package io.obsera.streams.probe;

import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.probe.HealthCheck;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards one {@link Extracted} check per probe span of a fragment, keyed {@code
 * tenant|endpointId}; a malformed probe span forwards the fragment's bytes instead, under the
 * fragment's key with the reason and source in headers, for the dead-letter branch.
 */
final class ProbeCheckExtractor
    implements Processor<String, ExportTraceServiceRequest, String, ProbeCheckExtractor.Extracted> {

  /** A check, or (raw != null) the bytes of a fragment holding a malformed probe span. */
  record Extracted(HealthCheck check, byte[] raw) {
    boolean poison() {
      return raw != null;
    }
  }

  private ProcessorContext<String, Extracted> context;

  @Override
  public void init(ProcessorContext<String, Extracted> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ExportTraceServiceRequest> record) {
    String tenant = RecordKeys.tenantOf(record.key());
    List<String> problems = new ArrayList<>();
    for (ProbeSpanTranslator.Result r :
        ProbeSpanTranslator.translate(
            tenant, record.value(), Instant.ofEpochMilli(record.timestamp()))) {
      HealthCheck c = r.check();
      if (c == null) {
        problems.add(r.problem());
        continue;
      }
      context.forward(
          new Record<>(
              c.key(), new Extracted(c, null), c.time().toEpochMilli(), tenantHeader(tenant)));
    }
    if (!problems.isEmpty()) {
      String source =
          context
              .recordMetadata()
              .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
              .orElse("?");
      Headers headers =
          tenantHeader(tenant)
              .add(RecordHeaders.DLQ_REASON, RecordHeaders.bytes(String.join("; ", problems)))
              .add(RecordHeaders.DLQ_SOURCE, RecordHeaders.bytes(source));
      context.forward(
          new Record<>(
              record.key(),
              new Extracted(null, record.value().toByteArray()),
              record.timestamp(),
              headers));
    }
  }

  private static Headers tenantHeader(String tenant) {
    return new org.apache.kafka.common.header.internals.RecordHeaders()
        .add(RecordHeaders.TENANT, RecordHeaders.bytes(tenant));
  }
}
