package io.obsera.streams;

import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.kafka.StreamsDefaults;
import io.obsera.platform.kafka.TopologyPart;
import io.obsera.streams.probe.OutageConfig;
import io.obsera.streams.probe.ProbeTopology;
import io.obsera.streams.slo.SloConfig;
import io.obsera.streams.slo.SloTopology;
import io.obsera.streams.topology.SharedStreams;
import io.obsera.streams.topology.TraceRedUsageTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The parts of the streams-topology application, in the order they are added: trace sessions, RED
 * and usage (which parses the spans), then probes and outages, then SLOs. The later parts read the
 * streams the earlier ones share ({@link SharedStreams}). Their names are pinned: a rename drops
 * deployed state.
 */
public record StreamsParts(TraceRedUsageTopology traces, ProbeTopology probes, SloTopology slos) {

  public static StreamsParts of(
      Duration traceGap,
      Duration redGrace,
      OutageConfig outages,
      SloConfig slo,
      Clock clock,
      ControlVerifier verifier) {
    SharedStreams shared = new SharedStreams();
    return new StreamsParts(
        new TraceRedUsageTopology(traceGap, redGrace, shared),
        new ProbeTopology(outages, shared, verifier),
        new SloTopology(slo, clock, shared, verifier));
  }

  /** With default SLO and outage settings (tests of the trace part). */
  public static StreamsParts of(Duration traceGap, Duration redGrace, ControlVerifier verifier) {
    return of(
        traceGap,
        redGrace,
        OutageConfig.defaults(),
        SloConfig.defaults(),
        Clock.systemUTC(),
        verifier);
  }

  public List<TopologyPart> inOrder() {
    return List.of(traces, probes, slos);
  }

  public Topology build() {
    return StreamsDefaults.topology(inOrder());
  }
}
