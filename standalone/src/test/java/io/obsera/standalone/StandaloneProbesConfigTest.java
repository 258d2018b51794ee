package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneProbesConfigTest {

  @Test
  void should_runThreeRegions_byDefault() {
    StandaloneProbes.Config c = StandaloneConfig.fromEnv(Map.of()).probes();
    assertThat(c.regions()).containsExactly("eu-west", "us-east", "ap-south");
    assertThat(c.guard().isAllowed(InetAddress.getLoopbackAddress())).isFalse();
    assertThat(c.refreshMs()).isEqualTo(15_000);
    assertThat(
            StandaloneProbes.Config.fromEnv(Map.of("OBSERA_PROBE_REFRESH_MS", "500")).refreshMs())
        .isEqualTo(500);
  }

  @Test
  void should_runNone_orTheListedRegions() {
    assertThat(StandaloneProbes.Config.fromEnv(Map.of(StandaloneProbes.ENV, "none")).regions())
        .isEmpty();
    StandaloneProbes.Config c =
        StandaloneProbes.Config.fromEnv(
            Map.of(
                StandaloneProbes.ENV,
                "eu-west, sa-east",
                "OBSERA_TARGET_ALLOWLIST",
                "127.0.0.0/8"));
    assertThat(c.regions()).containsExactly("eu-west", "sa-east");
    assertThat(c.guard().isAllowed(InetAddress.getLoopbackAddress())).isTrue();
  }

  @Test
  void should_nameTheVariable_forABadRegion() {
    assertThatThrownBy(
            () -> StandaloneConfig.fromEnv(Map.of(StandaloneProbes.ENV, "eu-west,Mars Base")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OBSERA_STANDALONE_PROBES: 'Mars Base'");
  }
}
