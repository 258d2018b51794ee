package io.obsera.ingest.kafka;

import io.obsera.ingest.fragment.Fragment;
import io.obsera.ingest.pipeline.Signal;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes fragments of one request; the future completes when Kafka acknowledged all of them.
 * Each record's tenant header is the tenant part of its key (a probe agent's request holds several
 * tenants).
 */
public interface TelemetryPublisher extends AutoCloseable {
  CompletableFuture<Void> publish(Signal signal, List<Fragment> fragments);

  /** Whether Kafka answers; ingest readiness depends on this alone. */
  boolean ready();

  @Override
  void close();
}
