package io.obsera.query.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeverityTest {
  @Test
  void should_mapLevelsToOtlpNumberRanges_atLeastOrExact() {
    assertThat(Severity.parse("warn", null)).isEqualTo(new Severity(13, 24));
    assertThat(Severity.parse("WARNING", "atLeast")).isEqualTo(new Severity(13, 24));
    assertThat(Severity.parse("error", "exact")).isEqualTo(new Severity(17, 20));
    assertThat(Severity.parse("trace", "exact")).isEqualTo(new Severity(1, 4));
    assertThat(Severity.parse("fatal", null)).isEqualTo(new Severity(21, 24));
    assertThat(Severity.parse("9", null)).isEqualTo(new Severity(9, 24));
    assertThat(Severity.parse("9", "exact")).isEqualTo(new Severity(9, 9));
  }

  @Test
  void should_rejectUnknownLevels_namingTheParameter() {
    assertThatThrownBy(() -> Severity.parse("loud", null)).hasMessageContaining("'severity'");
    assertThatThrownBy(() -> Severity.parse("25", null)).hasMessageContaining("'severity'");
    assertThatThrownBy(() -> Severity.parse("0", null)).hasMessageContaining("'severity'");
    assertThatThrownBy(() -> Severity.parse("warn", "above"))
        .hasMessageContaining("'severityMatch'");
  }
}
