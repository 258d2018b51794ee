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
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reporter against the real ingest bridge and Kafka, with a PROBE key of another tenant bound
 * to eu-west: the results, checks of the tenant's eu-west endpoints, land under the tenant their
 * resources name.
 */
@ExtendWith(ObseraServersExtension.class)
class ResultReporterIT {

  @Test
  void should_landEverySpanAndGaugePoint_exactlyOnce() throws Exception {
    ReportingTenant rt = ReportingTenant.create("probe-it", "eu-west");
    String[] endpoints = {"home", "login", "api"};
    rt.define(endpoints);
    String kafka = rt.kafka();
    String tenant = rt.tenant();
    String key = rt.key();
    try (IngestService ingest =
            new IngestService(
                    IngestConfig.of(
                        "127.0.0.1", 0, kafka, "probe-reporter-it", TestControlKeys.verifying()))
                .start();
        ResultReporter reporter =
            new ResultReporter(
                URI.create("http://127.0.0.1:" + ingest.otlpHttpPort()),
                key,
                10_000,
                10,
                100,
                1_000)) {
      reporter.start();
      List<HealthCheck> sent = new ArrayList<>();
      for (int i = 0; i < 45; i++) {
        CheckOutcome outcome = i % 5 == 0 ? CheckOutcome.DOWN : CheckOutcome.UP;
        HealthCheck c =
            result(tenant, endpoints[i % 3], "eu-west", outcome, Instant.now().plusMillis(i));
        sent.add(c);
        reporter.accept(c);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> reporter.sent()[0] == 45 && reporter.sent()[1] == 45);

      ProbeLanding landed = rt.landed();
      assertThat(landed.traceIdCounts())
          .as("every result's span exactly once")
          .hasSize(45)
          .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(landed.traceIdCounts().keySet())
          .containsExactlyInAnyOrderElementsOf(sent.stream().map(HealthCheck::traceId).toList());
      assertThat(landed.points())
          .containsEntry(ProbeAttributes.METRIC_UP, 45)
          .containsEntry(ProbeAttributes.METRIC_DURATION, 45);
      assertThat(landed.spans())
          .allSatisfy(
              s -> {
                assertThat(s.resource())
                    .containsEntry(ProbeAttributes.TENANT, tenant)
                    .containsEntry(ProbeAttributes.REGION, "eu-west")
                    .containsEntry(ProbeAttributes.AGENT, "agent-eu-west");
                assertThat(s.span().getName()).isIn((Object[]) endpoints);
              });
      assertThat(
              landed.spans().stream()
                  .filter(s -> "DOWN".equals(s.attribute(ProbeAttributes.OUTCOME))))
          .hasSize(9);
    }
  }
}
