package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import io.obsera.streams.StreamsParts;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** SLO definitions: deletes, malformed records and node names (see {@link SloDriverFixture}). */
class SloDefinitionsTopologyTest extends SloDriverFixture {
  @Test
  void should_stopEmitting_andDropState_whenAnSloIsDeleted() throws Exception {
    SloDefinition gone = availability("gone", 0.99);
    SloDefinition kept = availability("kept", 0.99);
    define(gone);
    define(kept);
    traffic(0, 100, 10);
    assertThat(flushAndEmit())
        .extracting(BurnRates::sloId)
        .containsExactlyInAnyOrder("gone", "kept");
    KeyValueStore<String, Object> ring = driver.getKeyValueStore(SloTopology.RING_STORE);
    assertThat(keys(ring)).anyMatch(k -> k.startsWith(gone.key() + "|"));

    definitions.pipeInput(TestControlKeys.record(Topics.CONTROL_SLOS, gone.key(), null, T0));
    traffic(0, 100, 0);
    List<BurnRates> after = flushAndEmit();

    assertThat(after).extracting(BurnRates::sloId).containsExactly("kept");
    assertThat(sli.readValuesToList())
        .extracting(SliDelta::sloId)
        .containsOnly("gone", "kept")
        .last()
        .isEqualTo("kept");
    assertThat(keys(ring)).noneMatch(k -> k.startsWith(gone.key() + "|"));
    assertThat(keys(driver.getKeyValueStore(SloTopology.REGISTRY_STORE)))
        .containsExactly(kept.key());

    advance(BURN);
    assertThat(burn.readValuesToList()).extracting(BurnRates::sloId).containsExactly("kept");
  }

  @Test
  void should_keepMalformedAndInvalidDefinitions_outOfTheGlobalStore() throws Exception {
    SloDefinition valid = availability("checkout", 0.999);
    define(valid);
    SloDefinition invalid = availability("too-high", 1.5);
    definitions.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_SLOS, invalid.key(), Json.MAPPER.writeValueAsBytes(invalid), T0));
    definitions.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_SLOS, TENANT + "|garbage", new byte[] {(byte) 0xff, '{', 0}, T0));
    definitions.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_SLOS, TENANT + "|wrong-key", Json.MAPPER.writeValueAsBytes(valid), T0));
    SloDefinition brokenUpdate = availability("checkout", 0);
    definitions.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_SLOS, valid.key(), Json.MAPPER.writeValueAsBytes(brokenUpdate), T0));

    KeyValueStore<String, SloDefinition> store =
        driver.getKeyValueStore(SloTopology.DEFINITIONS_STORE);
    assertThat(store.get(invalid.key())).isNull();
    assertThat(store.get(TENANT + "|garbage")).isNull();
    assertThat(store.get(TENANT + "|wrong-key")).isNull();
    assertThat(store.get(valid.key())).isEqualTo(valid);
    assertThat(keys(store)).containsExactly(valid.key());
    assertThat(slo.skippedDefinitions()).isEqualTo(4);

    traffic(0, 10, 1);
    flushAndEmit();
    assertThat(sli.readValuesToList()).extracting(SliDelta::sloId).containsExactly("checkout");
  }

  @Test
  void should_nameEveryNode_storeAndRepartition() {
    String description =
        StreamsParts.of(Duration.ofSeconds(1), Duration.ZERO, TestControlKeys.verifier())
            .build()
            .describe()
            .toString();
    assertThat(description)
        .contains(
            "slo-definitions-source",
            "slo-definitions",
            SloTopology.DEFINITIONS_STORE,
            SloTopology.PENDING_STORE,
            SloTopology.RING_STORE,
            SloTopology.REGISTRY_STORE,
            "slo-sli-count",
            SloTopology.REPARTITION + "-repartition",
            SloTopology.UPTIME_PENDING_STORE,
            "slo-uptime-sli-count",
            SloTopology.UPTIME_REPARTITION + "-repartition",
            "slo-sli-merge",
            "slo-burn-rates",
            "slo-sli-minute-sink",
            "slo-burn-rates-sink")
        .doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_");
  }
}
