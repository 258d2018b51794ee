package io.obsera.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLimitsTest {

  @Test
  void should_keepTheText_whenItFits() {
    assertThat(TextLimits.cut("checkout", 8)).isEqualTo("checkout");
  }

  @Test
  void should_cutToTheLimit_endingWithAnEllipsis_whenTheTextIsLonger() {
    assertThat(TextLimits.cut("checkout availability", 9)).isEqualTo("checkout…").hasSize(9);
  }
}
