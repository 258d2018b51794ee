package io.obsera.standalone;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Json;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.platform.net.TargetGuard;
import io.obsera.probe.ProbeAgent;
import io.obsera.probe.ProbeAgentConfig;
import io.obsera.probe.assign.AssignmentsResponse;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.LocalHttpServer.Reply;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole agent: assignments from a local server speaking the assignments contract (to be pointed
 * at the query service's route once it exists), checks of a local target, results through the real
 * ingest bridge into Kafka.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeAgentIT {

  @Test
  void should_probeItsAssignments_andReportThem() throws Exception {
    ReportingTenant rt = ReportingTenant.create("probe-agent-it", "eu-west");
    String kafka = rt.kafka();
    String tenant = rt.tenant();
    String key = rt.key();
    try (LocalHttpServer target =
            LocalHttpServer.http()
                .respond(s -> s.path().equals("/ok") ? Reply.of(200, "ok") : Reply.of(503, "no"));
        LocalHttpServer api = LocalHttpServer.http()) {
      AtomicReference<List<EndpointDefinition>> assigned =
          new AtomicReference<>(
              List.of(
                  endpoint(tenant, "up", target.url("/ok"))
                      .regions("eu-west", "us-east")
                      .intervalMs(2_000)
                      .build(),
                  endpoint(tenant, "down", target.url("/fail")).intervalMs(2_000).build(),
                  endpoint(tenant, "far", target.url("/far"))
                      .regions("ap-south")
                      .intervalMs(2_000)
                      .build()));
      api.respond(
          s -> {
            try {
              return new Reply(
                  200,
                  Map.of("Content-Type", "application/json"),
                  Json.MAPPER.writeValueAsBytes(
                      new AssignmentsResponse("eu-west", Instant.now(), assigned.get())),
                  0);
            } catch (Exception e) {
              return Reply.of(500, e.toString());
            }
          });
      // the endpoints exist as the query service stores them (the bridge takes checks of them
      // only), before the bridge starts
      rt.define(assigned.get().toArray(EndpointDefinition[]::new));
      IngestService ingest =
          new IngestService(
                  IngestConfig.of(
                      "127.0.0.1", 0, kafka, "probe-agent-it", TestControlKeys.verifying()))
              .start();
      ProbeAgentConfig config =
          ProbeAgentConfig.of(
                  "eu-west",
                  key,
                  URI.create(api.url("")),
                  URI.create("http://127.0.0.1:" + ingest.otlpHttpPort()))
              .withGuard(TargetGuard.allowing("127.0.0.0/8", TargetGuard.ENV))
              .withTimings(300, 1_000);

      try (ingest;
          ProbeAgent agent = new ProbeAgent(config, Clock.systemUTC()).start()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  ProbeLanding l = rt.landed();
                  return count(l, "up") >= 3 && count(l, "down") >= 3;
                });
        ProbeLanding landed = rt.landed();
        assertThat(landed.spans())
            .allSatisfy(
                s -> {
                  assertThat(s.resource())
                      .containsEntry(ProbeAttributes.REGION, "eu-west")
                      .containsEntry(ProbeAttributes.AGENT, config.agentName())
                      .containsEntry(ProbeAttributes.TENANT, tenant);
                  assertThat(s.attribute(ProbeAttributes.OUTCOME))
                      .isEqualTo(s.span().getName().equals("up") ? "UP" : "DOWN");
                });
        assertThat(landed.spans()).noneMatch(s -> s.span().getName().equals("far"));
        assertThat(target.seen()).noneMatch(s -> s.path().equals("/far"));
        assertThat(api.seen().get(0).header("Authorization")).isEqualTo("Bearer " + key);

        assigned.set(List.of(assigned.get().get(0)));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> agent.scheduler().scheduled().equals(Set.of(tenant + "|up")));
        long failsBefore = fails(target);
        Thread.sleep(4_500); // two intervals of the removed endpoint
        assertThat(fails(target)).as("removed endpoint no longer checked").isEqualTo(failsBefore);
      }
    }
  }

  static long count(ProbeLanding l, String endpoint) {
    return l.spans().stream().filter(s -> s.span().getName().equals(endpoint)).count();
  }

  static long fails(LocalHttpServer target) {
    return target.seen().stream().filter(s -> s.path().equals("/fail")).count();
  }
}
