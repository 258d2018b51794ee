package io.obsera.query.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.query.api.ApiException;
import io.obsera.query.api.Params;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceCatalogTest {
  private static final long S = 1_000_000_000L;

  @Test
  void should_pickWholeMinutesGivingAbout30Steps_byDefault() {
    assertThat(ServiceCatalog.window(new Params.TimeRange(0, 3600 * S), null).stepS())
        .isEqualTo(120);
    assertThat(ServiceCatalog.window(new Params.TimeRange(0, 300 * S), null).stepS()).isEqualTo(60);
    assertThat(ServiceCatalog.window(new Params.TimeRange(0, 7 * 86_400 * S), null).stepS())
        .isEqualTo(336 * 60);
  }

  @Test
  void should_roundTheRangeOutToWholeSeconds() {
    ServiceCatalog.Window w = ServiceCatalog.window(new Params.TimeRange(S + 5, 61 * S + 1), null);
    assertThat(w.fromS()).isEqualTo(1);
    assertThat(w.toS()).isEqualTo(62);
  }

  @Test
  void should_nameTheStep_whenItIsNotWholeMinutesOrTooFine() {
    Params.TimeRange hour = new Params.TimeRange(0, 3600 * S);
    assertThatThrownBy(() -> ServiceCatalog.window(hour, Duration.ofSeconds(90)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("step");
    Params.TimeRange year = new Params.TimeRange(0, 366L * 86_400 * S);
    assertThatThrownBy(() -> ServiceCatalog.window(year, Duration.ofMinutes(1)))
        .hasMessageContaining("more than 10000 points");
  }
}
