package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRoutingTest {
  static final Instant T = Instant.parse("2026-11-27T07:00:00Z");

  static AlertRoute route(List<String> channels) {
    return new AlertRoute(
        List.of(new LabelMatcher("severity", "=", "page")),
        channels,
        List.of("slo"),
        null,
        null,
        null,
        false);
  }

  static AlertRouting routing(
      List<AlertRoute> routes, List<String> defaults, Long wait, Long interval, Long repeat) {
    return new AlertRouting(
        "acme", routes, defaults, List.of("rule"), wait, interval, repeat, null, T, "test");
  }

  @Test
  void should_acceptAValidRouting_andListTheChannelsItUses() {
    AlertRouting r =
        routing(
            List.of(route(List.of("pagerduty", "slack")), route(List.of("slack"))),
            List.of("mail"),
            0L,
            1_000L,
            1_000L);
    assertThat(r.validate()).isEmpty();
    assertThat(r.channelIds()).containsExactly("pagerduty", "slack", "mail");
    assertThat(r.usesOf("slack")).containsExactly("routes[0].channels", "routes[1].channels");
    assertThat(r.usesOf("mail")).containsExactly("defaultChannels");
    assertThat(r.usesOf("sms")).isEmpty();
    assertThat(r.effectiveInhibitRules()).isEqualTo(AlertRouting.DEFAULT_INHIBIT_RULES);
    assertThat(r.effectiveRepeatIntervalMs()).isEqualTo(1_000L);
  }

  @Test
  void should_acceptTheOperatorsReservedTenant_butNoOtherIdOutsideThePattern() {
    AlertRouting operator =
        new AlertRouting(
            TenantRecord.OPERATOR, null, List.of("ops"), null, 0L, 1_000L, null, null, T, "admin");
    assertThat(operator.validate()).isEmpty();
    AlertRouting other =
        new AlertRouting("_other", null, List.of("ops"), null, 0L, 1_000L, null, null, T, "x");
    assertThat(other.validate()).singleElement().asString().contains("field 'tenantId'");
  }

  @Test
  void should_giveTheDefault_everyChannelAlertmanagerTimingsAndInhibitRules() throws Exception {
    AlertRouting d = AlertRouting.defaultFor("acme", List.of("a", "b"));
    assertThat(d.defaultChannels()).containsExactly("a", "b");
    assertThat(d.routes()).isEmpty();
    assertThat(d.groupWaitMs()).isEqualTo(30_000L);
    assertThat(d.groupIntervalMs()).isEqualTo(300_000L);
    assertThat(d.repeatIntervalMs()).isEqualTo(14_400_000L);
    assertThat(d.inhibitRules()).isEqualTo(AlertRouting.DEFAULT_INHIBIT_RULES);
    AlertRouting stored = d.stamped("acme", T, "key:k");
    assertThat(stored.validate()).isEmpty();
    String json = Json.MAPPER.writeValueAsString(stored);
    assertThat(Json.MAPPER.readTree(json).has("valid")).isFalse();
    assertThat(Json.MAPPER.readValue(json, AlertRouting.class)).isEqualTo(stored);
  }

  @Test
  void should_nameEveryProblem() {
    AlertRoute bad =
        new AlertRoute(
            List.of(new LabelMatcher("severity", "~", "page")),
            List.of("Bad Id", "ok", "ok"),
            List.of("a-b"),
            -1L,
            999L,
            AlertRouting.MAX_TIMING_MS + 1,
            true);
    AlertRouting r =
        new AlertRouting(
            "acme",
            Collections.singletonList(bad),
            List.of("x y"),
            List.of("slo", "slo"),
            null,
            500L,
            null,
            List.of(
                new InhibitRule(
                    List.of(),
                    List.of(new LabelMatcher("severity", "=", "ticket")),
                    List.of("slo"))),
            null,
            "test");
    assertThat(r.validate())
        .containsExactly(
            "field 'routes[0].matchers[0].op' must be one of =, !=, =~, !~, got: ~",
            "field 'routes[0].channels[0]' is not a valid id: Bad Id",
            "field 'routes[0].channels' repeats ok",
            "field 'routes[0].groupBy[0]' is not a valid name: a-b",
            "field 'routes[0].groupWaitMs' must be between 0 and 2592000000 ms, got: -1",
            "field 'routes[0].groupIntervalMs' must be between 1000 and 2592000000 ms, got: 999",
            "field 'routes[0].repeatIntervalMs' must be between 1000 and 2592000000 ms, got:"
                + " 2592000001",
            "field 'defaultChannels[0]' is not a valid id: x y",
            "field 'defaultGroupBy' repeats slo",
            "field 'groupIntervalMs' must be between 1000 and 2592000000 ms, got: 500",
            "field 'inhibitRules[0].source' must hold at least one matcher",
            "field 'updatedAt' is required");
  }

  @Test
  void should_allowAtMostAHundredRoutes() {
    List<AlertRoute> routes = new ArrayList<>(Collections.nCopies(100, route(List.of("a"))));
    assertThat(routing(routes, List.of(), null, null, null).validate()).isEmpty();
    routes.add(route(List.of("a")));
    assertThat(routing(routes, List.of(), null, null, null).validate())
        .containsExactly("field 'routes' may hold at most 100 routes");
  }
}
