package io.obsera.streams.topology;

import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.model.facts.MetricPointCount;
import io.obsera.model.facts.RedMinute;
import io.obsera.model.facts.TraceSummary;
import io.obsera.model.facts.Usage;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.platform.kafka.TopologyPart;
import io.obsera.streams.probe.ProbeTopology;
import io.obsera.streams.slo.SloTopology;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The streams-topology application's topology: trace sessions, RED rollups and usage, with the
 * probe and SLO sub-topologies fed its parsed spans (exactly_once_v2, set by {@link
 * io.obsera.streams.StreamsService}). Raw span and log fragments are parsed once; unparseable ones
 * go unchanged to the dead-letter topic with the reason in a header, never stalling a partition.
 * From the parsed fragments:
 *
 * <ul>
 *   <li>running span count per (tenant, trace);
 *   <li>trace correlation: spans and logs of a trace merged into one session per trace, closed
 *       {@code traceGap} of wall-clock time after its last record ({@link TraceSessions}); one
 *       merged summary per session. A record after that opens a new session, whose summary merges
 *       with the earlier one downstream (ClickHouse AggregatingMergeTree), never replacing it;
 *   <li>RED rollups: requests, errors and a log-scale latency histogram per (tenant, service,
 *       operation, region) and minute of span start, summed per source partition and emitted on
 *       wall-clock time once the minute ended {@code redGrace} ago ({@link RedRollup}); a later
 *       span adds one more row for its minute, never dropped;
 *   <li>health checks from probe spans, and outages ({@link ProbeTopology});
 *   <li>SLO SLIs (of spans, and of health checks for uptime SLOs) and burn rates ({@link
 *       SloTopology}).
 * </ul>
 *
 * Every processor, store and repartition topic is named.
 */
public final class TraceRedUsageTopology implements TopologyPart {
  public static final String COUNT_STORE = "trace-span-count-store";
  public static final String TRACE_SESSION_STORE = "trace-session-store";
  public static final String TRACE_IDLE_INDEX = "trace-session-idle-index";
  public static final String RED_STORE = "red-minute-store";
  public static final String USAGE_STORE = "usage-hour-store";

  private final Duration traceGap;
  private final Duration redGrace;
  private final SharedStreams shared;
  private final Serde<TraceSummary> summaries = JsonSerde.of(TraceSummary.class);
  private final Serde<RedMinute> red = JsonSerde.of(RedMinute.class);
  private final Serde<Usage> usage = JsonSerde.of(Usage.class);

  /** {@code shared} receives the parsed spans, for the parts added after this one. */
  public TraceRedUsageTopology(Duration traceGap, Duration redGrace, SharedStreams shared) {
    this.traceGap = traceGap;
    this.redGrace = redGrace;
    this.shared = shared;
  }

  @Override
  public void addTo(StreamsBuilder builder) {
    KStream<String, ExportTraceServiceRequest> spans =
        valid(
            builder.stream(
                    Topics.OTLP_SPANS,
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("spans-source"))
                .processValues(
                    () ->
                        new FragmentParser<>("span fragment", ExportTraceServiceRequest::parseFrom),
                    Named.as("parse-span-fragment")),
            "span");
    KStream<String, ExportLogsServiceRequest> logs =
        valid(
            builder.stream(
                    Topics.OTLP_LOGS,
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("logs-source"))
                .processValues(
                    () -> new FragmentParser<>("log fragment", ExportLogsServiceRequest::parseFrom),
                    Named.as("parse-log-fragment")),
            "log");
    KStream<String, ExportMetricsServiceRequest> metrics =
        valid(
            builder.stream(
                    Topics.OTLP_METRICS,
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("metrics-source"))
                .processValues(
                    () ->
                        new FragmentParser<>(
                            "metric fragment", ExportMetricsServiceRequest::parseFrom),
                    Named.as("parse-metric-fragment")),
            "metric");
    countSpans(spans);
    correlate(builder, spans, logs);
    rollUp(builder, spans);
    meter(spans, logs, metrics);
    shared.spans(spans);
  }

  /** Poison to the dead-letter topic; the parsed messages continue. */
  private static <T> KStream<String, T> valid(KStream<String, Parsed<T>> parsed, String what) {
    var branches =
        parsed
            .split(Named.as(what + "-fragment-"))
            .branch((k, p) -> p.poison(), Branched.as("poison"))
            .defaultBranch(Branched.as("valid"));
    branches
        .get(what + "-fragment-poison")
        .mapValues(Parsed::raw, Named.as(what + "-poison-raw-bytes"))
        .to(
            Topics.DEAD_LETTER,
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName(what + "-dead-letter-sink"));
    return branches
        .get(what + "-fragment-valid")
        .mapValues(Parsed::message, Named.as(what + "-parsed-message"));
  }

  private static void countSpans(KStream<String, ExportTraceServiceRequest> spans) {
    spans
        .mapValues(TraceRedUsageTopology::spanCount, Named.as("span-count-of-fragment"))
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

  private static long spanCount(ExportTraceServiceRequest req) {
    return req.getResourceSpansList().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .mapToLong(ScopeSpans::getSpansCount)
        .sum();
  }

  private void correlate(
      StreamsBuilder builder,
      KStream<String, ExportTraceServiceRequest> spans,
      KStream<String, ExportLogsServiceRequest> logs) {
    KStream<String, TraceSummary> spanPartials =
        spans.mapValues(
            (key, req) ->
                TraceSummary.ofSpans(RecordKeys.tenantOf(key), RecordKeys.localPart(key), req),
            Named.as("trace-partial-of-spans"));
    KStream<String, TraceSummary> logPartials =
        logs.filter((key, req) -> isTraceKey(key), Named.as("logs-with-trace-id"))
            .mapValues(
                (key, req) ->
                    TraceSummary.ofLogs(RecordKeys.tenantOf(key), RecordKeys.localPart(key), req),
                Named.as("trace-partial-of-logs"));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TRACE_SESSION_STORE),
            Serdes.String(),
            JsonSerde.of(TraceSessions.OpenSession.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TRACE_IDLE_INDEX), Serdes.String(), Serdes.Long()));
    spanPartials
        .merge(logPartials, Named.as("trace-partials"))
        .process(
            () -> new TraceSessions(TRACE_SESSION_STORE, TRACE_IDLE_INDEX, traceGap),
            Named.as("trace-sessions"),
            TRACE_SESSION_STORE,
            TRACE_IDLE_INDEX)
        .to(
            Topics.TRACE_SUMMARIES,
            Produced.with(Serdes.String(), summaries).withName("trace-summaries-sink"));
  }

  private void rollUp(StreamsBuilder builder, KStream<String, ExportTraceServiceRequest> spans) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RED_STORE), Serdes.String(), red));
    spans
        .process(() -> new RedRollup(RED_STORE, redGrace), Named.as("red-rollup"), RED_STORE)
        .to(Topics.RED_MINUTE, Produced.with(Serdes.String(), red).withName("red-minute-sink"));
  }

  /** Usage per tenant and hour of arrival, emitted as running totals (latest wins downstream). */
  private void meter(
      KStream<String, ExportTraceServiceRequest> spans,
      KStream<String, ExportLogsServiceRequest> logs,
      KStream<String, ExportMetricsServiceRequest> metrics) {
    KStream<String, Usage> spanUsage =
        spans.map(
            (key, req) ->
                KeyValue.pair(
                    usageKey(key),
                    new Usage(
                        RecordKeys.tenantOf(key),
                        0,
                        spanCount(req),
                        0,
                        0,
                        req.getSerializedSize())),
            Named.as("usage-of-spans"));
    KStream<String, Usage> logUsage =
        logs.map(
            (key, req) ->
                KeyValue.pair(
                    usageKey(key),
                    new Usage(
                        RecordKeys.tenantOf(key), 0, 0, logCount(req), 0, req.getSerializedSize())),
            Named.as("usage-of-logs"));
    KStream<String, Usage> metricUsage =
        metrics.map(
            (key, req) ->
                KeyValue.pair(
                    usageKey(key),
                    new Usage(
                        RecordKeys.tenantOf(key),
                        0,
                        0,
                        0,
                        MetricPointCount.of(req),
                        req.getSerializedSize())),
            Named.as("usage-of-metrics"));
    spanUsage
        .merge(logUsage, Named.as("usage-merge-logs"))
        .merge(metricUsage, Named.as("usage-merge-metrics"))
        .groupByKey(Grouped.with("usage-by-tenant", Serdes.String(), usage))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), Duration.ofMinutes(10)))
        .reduce(
            Usage::add,
            Named.as("usage-hour-sum"),
            Materialized.<String, Usage, WindowStore<Bytes, byte[]>>as(USAGE_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(usage))
        .toStream(Named.as("usage-updates"))
        .map(
            (window, total) -> KeyValue.pair(window.key(), total.atHour(window.window().start())),
            Named.as("usage-with-hour"))
        .to(Topics.USAGE_HOURLY, Produced.with(Serdes.String(), usage).withName("usage-sink"));
  }

  /** One series per tenant: {@code tenant|usage}. */
  static String usageKey(String recordKey) {
    return RecordKeys.tenantOf(recordKey) + "|usage";
  }

  private static long logCount(ExportLogsServiceRequest req) {
    return req.getResourceLogsList().stream()
        .flatMap(rl -> rl.getScopeLogsList().stream())
        .mapToLong(sl -> sl.getLogRecordsCount())
        .sum();
  }

  /** Keys of logs that carry a trace id are {@code tenant|<32 hex>}; others go by resource. */
  static boolean isTraceKey(String key) {
    String local = RecordKeys.localPart(key);
    return local.length() == 32 && !local.startsWith("r:");
  }
}
