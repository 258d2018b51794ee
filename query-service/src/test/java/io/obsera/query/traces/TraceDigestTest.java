package io.obsera.query.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.query.traces.TraceDigest.SpanFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceDigestTest {
  @Test
  void should_summarize_likeTheTopology_fromTheSpansAndLogsShown() {
    List<SpanFacts> spans =
        List.of(
            new SpanFacts("cart", "SELECT", false, 1_200, 50, true, "unknown"),
            new SpanFacts("frontend", "GET /cart", true, 1_000, 500, false, "eu-west-1"),
            // a late child ending after the root: the duration reaches its end
            new SpanFacts("mailer", "send", false, 1_400, 300, true, "us-east-1"));
    TraceSearch.Hit hit = TraceDigest.of("t1", spans, List.of("ledger", "cart"));
    assertThat(hit.traceId()).isEqualTo("t1");
    assertThat(hit.rootService()).isEqualTo("frontend");
    assertThat(hit.rootOperation()).isEqualTo("GET /cart");
    assertThat(hit.startTimeUnixNano()).isEqualTo("1000");
    assertThat(hit.durationNanos()).isEqualTo("700");
    assertThat(hit.spanCount()).isEqualTo(3);
    assertThat(hit.errorCount()).isEqualTo(2);
    assertThat(hit.services()).containsExactly("cart", "frontend", "ledger", "mailer");
    assertThat(hit.regions()).containsExactly("eu-west-1", "unknown", "us-east-1");
    assertThat(hit.links()).containsEntry("trace", "/api/v1/traces/t1");
  }

  @Test
  void should_pickTheGreatestRoot_andLeaveRootEmpty_whenNoRootIsStored() {
    TraceSearch.Hit two =
        TraceDigest.of(
            "t2",
            List.of(
                new SpanFacts("a", "x", true, 10, 1, false, "r"),
                new SpanFacts("b", "w", true, 20, 1, false, "r")),
            List.of());
    assertThat(two.rootService()).isEqualTo("b");
    assertThat(two.rootOperation()).isEqualTo("x");
    TraceSearch.Hit orphans =
        TraceDigest.of("t3", List.of(new SpanFacts("a", "x", false, 10, 1, false, "r")), List.of());
    assertThat(orphans.rootService()).isEmpty();
    assertThat(orphans.rootOperation()).isEmpty();
  }

  @Test
  void should_giveNoSummary_forATraceKnownOnlyFromLogs() {
    assertThat(TraceDigest.of("t4", List.of(), List.of("svc"))).isNull();
  }
}
