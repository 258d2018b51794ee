package io.obsera.standalone;

import static io.obsera.testing.ProbeResults.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.probe.report.ResultReporter;
import io.obsera.testing.TestControlKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The ingest bridge (own instance, same port) stops for a while under a steady stream of results,
 * then comes back: the reporter keeps every result meanwhile and delivers all of them afterwards.
 * Delivery is at least once (a batch whose answer was lost when the bridge stopped is sent again),
 * so the test requires every result at least once and reports the duplicates it saw.
 */
class ResultReporterRestartIT {

  @Test
  void should_deliverEveryBufferedResult_whenTheIngestBridgeComesBack() throws Exception {
    ReportingTenant rt = ReportingTenant.create("probe-restart", "us-east");
    rt.define("e0", "e1", "e2", "e3");
    String kafka = rt.kafka();
    String tenant = rt.tenant();
    String key = rt.key();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    IngestConfig config =
        IngestConfig.of("127.0.0.1", port, kafka, "probe-restart-it", TestControlKeys.verifying());
    List<HealthCheck> produced = new CopyOnWriteArrayList<>();
    AtomicBoolean feeding = new AtomicBoolean(true);
    IngestService ingest = new IngestService(config).start();
    try (ResultReporter reporter =
        new ResultReporter(URI.create("http://127.0.0.1:" + port), key, 100_000, 50, 200, 1_000)
            .start()) {
      Thread feeder =
          new Thread(
              () -> {
                for (int i = 0; feeding.get(); i++) {
                  HealthCheck c =
                      result(tenant, "e" + (i % 4), "us-east", CheckOutcome.UP, Instant.now());
                  produced.add(c);
                  reporter.accept(c);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      feeder.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> reporter.sent()[0] >= 100);

      ingest.close();
      long sentAtStop = reporter.sent()[0];
      await().atMost(Duration.ofSeconds(30)).until(() -> reporter.pending() >= 300);
      assertThat(reporter.sent()[0]).as("nothing acknowledged while down").isEqualTo(sentAtStop);

      ingest = new IngestService(config).start();
      await().atMost(Duration.ofSeconds(30)).until(() -> reporter.sent()[0] > sentAtStop + 300);
      feeding.set(false);
      feeder.join(5_000);
      int total = produced.size();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reporter.sent()[0] == total && reporter.sent()[1] == total);
      assertThat(reporter.droppedOverflow()).isZero();
      assertThat(reporter.droppedRefused()).isZero();

      ProbeLanding landed = rt.landed();
      Map<String, Integer> counts = landed.traceIdCounts();
      assertThat(counts.keySet())
          .as("every result landed")
          .containsExactlyInAnyOrderElementsOf(
              produced.stream().map(HealthCheck::traceId).toList());
      long duplicates = counts.values().stream().mapToLong(n -> n - 1).sum();
      assertThat(landed.points().get(ProbeAttributes.METRIC_UP)).isGreaterThanOrEqualTo(total);
      System.out.printf(
          "probe restart: %d results, %d sent before the stop, %d spans duplicated, %d up points%n",
          total, sentAtStop, duplicates, landed.points().get(ProbeAttributes.METRIC_UP));
    } finally {
      feeding.set(false);
      ingest.close();
    }
  }
}
