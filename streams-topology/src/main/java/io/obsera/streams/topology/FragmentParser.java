package io.obsera.streams.topology;

import io.obsera.model.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses a raw OTLP fragment once; on failure marks it poison and records the reason and source in
 * headers, so the poison branch can dead-letter it without stalling the partition.
 */
final class FragmentParser<T> implements FixedKeyProcessor<String, byte[], Parsed<T>> {
  /** A protobuf parse function. */
  @FunctionalInterface
  interface ParseFunction<T> {
    T parse(byte[] bytes) throws Exception;
  }

  private final String what;
  private final ParseFunction<T> parse;
  private FixedKeyProcessorContext<String, Parsed<T>> context;

  FragmentParser(String what, ParseFunction<T> parse) {
    this.what = what;
    this.parse = parse;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Parsed<T>> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    Parsed<T> parsed;
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("null value");
      }
      parsed = Parsed.valid(parse.parse(record.value()));
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
              RecordHeaders.bytes("unparseable " + what + ": " + e.getMessage()));
      record.headers().add(RecordHeaders.DLQ_SOURCE, RecordHeaders.bytes(source));
      parsed = Parsed.poison(record.value() == null ? new byte[0] : record.value());
    }
    context.forward(record.withValue(parsed));
  }
}
