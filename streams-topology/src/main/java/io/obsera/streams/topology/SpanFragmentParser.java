package io.obsera.streams.topology;

import io.obsera.model.RecordHeaders;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Parses a span fragment; on failure marks it poison and records the reason in a header. */
final class SpanFragmentParser implements FixedKeyProcessor<String, byte[], ParsedFragment> {
  private FixedKeyProcessorContext<String, ParsedFragment> context;

  @Override
  public void init(FixedKeyProcessorContext<String, ParsedFragment> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    ParsedFragment parsed;
    try {
      ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(record.value());
      parsed =
          ParsedFragment.valid(
              req.getResourceSpansList().stream()
                  .flatMap(rs -> rs.getScopeSpansList().stream())
                  .mapToLong(ScopeSpans::getSpansCount)
                  .sum());
    } catch (Exception e) {
      String source =
          context
              .recordMetadata()
              .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
              .orElse("?");
      record
          .headers()
          .add(
              RecordHeaders.DLQ_REASON,
              RecordHeaders.bytes("unparseable span fragment: " + e.getMessage()));
      record.headers().add(RecordHeaders.DLQ_SOURCE, RecordHeaders.bytes(source));
      parsed = ParsedFragment.poison(record.value() == null ? new byte[0] : record.value());
    }
    context.forward(record.withValue(parsed));
  }
}
