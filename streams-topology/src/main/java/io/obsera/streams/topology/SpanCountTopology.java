package io.obsera.streams.topology;

import io.obsera.model.Topics;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first topology: running span count per (tenant, trace). Raw span fragments are parsed once; a
 * fragment that does not parse goes, unchanged, to the dead-letter topic with the reason in a
 * header, so a poison record never stalls the partition. Runs with exactly_once_v2 (set by {@link
 * StreamsService}).
 */
public final class SpanCountTopology implements Supplier<Topology> {
  public static final String COUNT_STORE = "trace-span-count-store";

  @Override
  public Topology get() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            Topics.OTLP_SPANS,
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("spans-source"))
        .processValues(SpanFragmentParser::new, Named.as("parse-span-fragment"))
        .split(Named.as("fragment-"))
        .branch(
            (key, parsed) -> parsed.poison(),
            Branched.withConsumer(SpanCountTopology::toDeadLetter, "poison"))
        .defaultBranch(Branched.withConsumer(SpanCountTopology::countPerTrace, "valid"));
    return builder.build();
  }

  private static void toDeadLetter(KStream<String, ParsedFragment> poison) {
    poison
        .mapValues(ParsedFragment::raw, Named.as("poison-raw-bytes"))
        .to(
            Topics.DEAD_LETTER,
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-sink"));
  }

  private static void countPerTrace(KStream<String, ParsedFragment> valid) {
    valid
        .mapValues(ParsedFragment::spans, Named.as("span-count-of-fragment"))
        .groupByKey(Grouped.with("by-trace", Serdes.String(), Serdes.Long()))
        .reduce(
            Long::sum,
            Named.as("sum-spans"),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(COUNT_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
        .toStream(Named.as("span-count-changes"))
        .to(
            Topics.TRACE_SPAN_COUNTS,
            Produced.with(Serdes.String(), Serdes.Long()).withName("span-counts-sink"));
  }
}
