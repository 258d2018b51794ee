package io.obsera.probe.assign;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.obsera.model.Json;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.LocalHttpServer.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The poller against a local server speaking the documented contract of {@code GET
 * /api/v1/probe/assignments?region=R} (bearer key, ETag / If-None-Match). To be pointed at the real
 * route of the query service once it exists.
 */
class AssignmentsTest {
  static final String KEY = "obsera_probe_key_1";

  final AtomicReference<List<EndpointDefinition>> served = new AtomicReference<>(List.of());
  final AtomicReference<Integer> failWith = new AtomicReference<>();
  final LocalHttpServer api = LocalHttpServer.http().respond(this::answer);
  final List<List<EndpointDefinition>> received = new CopyOnWriteArrayList<>();
  Assignments assignments;

  Reply answer(LocalHttpServer.Seen s) {
    if (!("Bearer " + KEY).equals(s.header("Authorization"))) {
      return Reply.of(401, "{\"error\":\"unauthorized\"}");
    }
    if (failWith.get() != null) {
      return Reply.of(failWith.get(), "{\"error\":\"unavailable\"}");
    }
    List<EndpointDefinition> list = served.get();
    String etag = "\"" + Integer.toHexString(list.hashCode()) + "\"";
    if (etag.equals(s.header("If-None-Match"))) {
      return new Reply(304, java.util.Map.of("ETag", etag), new byte[0], 0);
    }
    try {
      byte[] body =
          Json.MAPPER.writeValueAsBytes(new AssignmentsResponse("eu-west", Instant.now(), list));
      return new Reply(
          200, java.util.Map.of("ETag", etag, "Content-Type", "application/json"), body, 0);
    } catch (Exception e) {
      return Reply.of(500, e.toString());
    }
  }

  Assignments poller(String key) {
    assignments = new Assignments(URI.create(api.url("")), key, "eu-west", 200, received::add);
    return assignments;
  }

  @AfterEach
  void stop() {
    if (assignments != null) {
      assignments.close();
    }
    api.close();
  }

  @Test
  void should_fetchAssignments_thenRevalidateWithEtag() {
    EndpointDefinition a =
        endpoint("acme", "home", "https://acme.example/").regions("eu-west", "us-east").build();
    served.set(List.of(a));
    Assignments p = poller(KEY);

    assertThat(p.poll()).isEqualTo(Assignments.Poll.CHANGED);
    assertThat(received).containsExactly(List.of(a));
    assertThat(p.current()).containsExactly(a);
    LocalHttpServer.Seen first = api.seen().get(0);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/api/v1/probe/assignments?region=eu-west");
    assertThat(first.header("If-None-Match")).isNull();

    assertThat(p.poll()).isEqualTo(Assignments.Poll.NOT_MODIFIED);
    assertThat(api.seen().get(1).header("If-None-Match"))
        .isEqualTo("\"" + Integer.toHexString(List.of(a).hashCode()) + "\"");
    assertThat(received).hasSize(1);

    EndpointDefinition b = endpoint("globex", "api", "https://globex.example/health").build();
    served.set(List.of(a, b));
    assertThat(p.poll()).isEqualTo(Assignments.Poll.CHANGED);
    assertThat(received.get(1)).containsExactly(a, b);
  }

  @Test
  void should_keepLastAssignments_whenTheApiFails() {
    EndpointDefinition a = endpoint("acme", "home", "https://acme.example/").build();
    served.set(List.of(a));
    Assignments p = poller(KEY);
    p.poll();

    failWith.set(503);
    assertThat(p.poll()).isEqualTo(Assignments.Poll.FAILED);
    assertThat(p.lastError()).contains("503");
    assertThat(p.current()).containsExactly(a);
    assertThat(received).hasSize(1);

    failWith.set(null);
    served.set(List.of());
    assertThat(p.poll()).isEqualTo(Assignments.Poll.CHANGED);
    assertThat(p.lastError()).isNull();
    assertThat(received.get(1)).isEmpty();
  }

  @Test
  void should_fail_withAWrongKey() {
    Assignments p = poller("wrong");
    assertThat(p.poll()).isEqualTo(Assignments.Poll.FAILED);
    assertThat(p.lastError()).contains("401");
  }

  @Test
  void should_pollOnSchedule_onceStarted() {
    served.set(List.of(endpoint("acme", "home", "https://acme.example/").build()));
    poller(KEY).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> api.seen().size() >= 4);
    assertThat(received).as("one change, then 304s").hasSize(1);
  }

  @Test
  void should_parseTheDocumentedJson() throws Exception {
    String json =
        "{\"region\":\"eu-west\",\"generatedAt\":\"2026-11-27T03:00:00Z\",\"endpoints\":[{"
            + "\"tenantId\":\"acme\",\"id\":\"home\",\"name\":\"Home\",\"url\":\"https://acme.example/\","
            + "\"method\":\"GET\",\"intervalMs\":30000,\"regions\":[\"eu-west\"],"
            + "\"expectedStatus\":\"200-299\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"futureField\":1}]}";
    AssignmentsResponse r =
        Json.MAPPER.readValue(json.getBytes(StandardCharsets.UTF_8), AssignmentsResponse.class);
    assertThat(r.region()).isEqualTo("eu-west");
    assertThat(r.endpoints()).hasSize(1);
    EndpointDefinition e = r.endpoints().get(0).withDefaults();
    assertThat(e.key()).isEqualTo("acme|home");
    assertThat(e.intervalMs()).isEqualTo(30_000L);
    assertThat(e.validate()).isEmpty();
  }

  @Test
  void should_stopQuietly_whenAPollIsInFlight() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(Assignments.class);
    logger.addAppender(log);
    try {
      LocalHttpServer slow =
          LocalHttpServer.http().respond(seen -> Reply.of(200, "{}").delayed(10_000));
      try (slow) {
        Assignments stopping =
            new Assignments(URI.create(slow.url("")), KEY, "eu-west", 60_000, received::add)
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !slow.seen().isEmpty());
        stopping.close();
        // close() returns once the interrupted poll has ended: nothing logged, no last error
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(stopping.lastError()).isNull();
        assertThat(stopping.polls()).isEqualTo(1);
      }
    } finally {
      logger.detachAppender(log);
    }
  }
}
