package io.obsera.query.webui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebUiRoutesTest {
  @Test
  void should_treatTheUisPathsAsPages() {
    assertThat(WebUiRoutes.isPage("/")).isTrue();
    assertThat(WebUiRoutes.isPage("/services")).isTrue();
    assertThat(WebUiRoutes.isPage("/services/checkout.v2")).isTrue();
    assertThat(WebUiRoutes.isPage("/invite/abc")).isTrue();
  }

  @Test
  void should_leaveApiPathsStatusPagesAndFiles_toTheJson404() {
    assertThat(WebUiRoutes.isPage("/api/v1/nope")).isFalse();
    assertThat(WebUiRoutes.isPage("/v1/traces")).isFalse();
    assertThat(WebUiRoutes.isPage("/status/acme")).isFalse();
    assertThat(WebUiRoutes.isPage("/assets/index-1.js")).isFalse();
    assertThat(WebUiRoutes.isPage("/favicon.ico")).isFalse();
  }
}
