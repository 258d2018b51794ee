package io.obsera.probe;

import io.obsera.probe.assign.Assignments;
import io.obsera.probe.check.Prober;
import io.obsera.probe.report.ResultReporter;
import io.obsera.probe.schedule.ProbeScheduler;
import java.time.Clock;

/**
 * One probe agent: polls its region's assignments, checks each endpoint on schedule and reports the
 * results to the ingest bridge. Runs as its own process ({@link Main}) or in-process (the
 * standalone runtime starts three).
 */
public final class ProbeAgent implements AutoCloseable {
  /** How long a result waits for others to share its OTLP request. */
  static final long FLUSH_MS = 1_000;

  private final ProbeAgentConfig config;
  private final ResultReporter reporter;
  private final ProbeScheduler scheduler;
  private final Assignments assignments;

  public ProbeAgent(ProbeAgentConfig config, Clock clock) {
    this.config = config;
    Prober prober = Prober.create(config.guard(), config.region(), config.agentName(), clock);
    this.reporter =
        new ResultReporter(
            config.ingestUrl(),
            config.probeKey(),
            config.bufferMax(),
            config.batchMax(),
            FLUSH_MS,
            config.retryMaxMs());
    this.scheduler =
        new ProbeScheduler(
            config.region(), clock, prober::check, reporter::accept, config.workers());
    this.assignments =
        new Assignments(
            config.apiUrl(),
            config.probeKey(),
            config.region(),
            config.refreshMs(),
            scheduler::update);
  }

  public ProbeAgent start() {
    reporter.start();
    assignments.start();
    return this;
  }

  public ProbeAgentConfig config() {
    return config;
  }

  public ResultReporter reporter() {
    return reporter;
  }

  public ProbeScheduler scheduler() {
    return scheduler;
  }

  public Assignments assignments() {
    return assignments;
  }

  @Override
  public void close() {
    assignments.close();
    scheduler.close();
    reporter.close();
  }
}
