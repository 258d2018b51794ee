package io.obsera.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionsTest {
  @Test
  void should_preferTheProbeRegion_thenTheCloudRegion_thenUnknown() {
    assertThat(Regions.of(Map.of(Regions.PROBE_REGION, "ap-south", Regions.CLOUD_REGION, "eu")))
        .isEqualTo("ap-south");
    assertThat(Regions.of(Map.of(Regions.CLOUD_REGION, "eu-west-1"))).isEqualTo("eu-west-1");
    assertThat(Regions.of(Map.of("service.name", "checkout"))).isEqualTo(Regions.UNKNOWN);
  }

  @Test
  void should_treatSpacesTabsAndLineBreaksAsAbsent_butKeepOtherValuesAsGiven() {
    assertThat(Regions.of(Map.of(Regions.PROBE_REGION, " \t\r\n\f", Regions.CLOUD_REGION, "us-2")))
        .isEqualTo("us-2");
    assertThat(Regions.of(Map.of(Regions.PROBE_REGION, "", Regions.CLOUD_REGION, "  ")))
        .isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.of(Map.of(Regions.CLOUD_REGION, " eu-west "))).isEqualTo(" eu-west ");
    // Not whitespace for ClickHouse's \S either: the column of V016 keeps it too.
    assertThat(Regions.of(Map.of(Regions.CLOUD_REGION, "\u00a0"))).isEqualTo("\u00a0");
  }
}
