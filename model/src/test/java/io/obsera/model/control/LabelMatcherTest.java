package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {
  /** A label value that makes a backtracking engine try 2^40 ways to match {@code (a+)+b}. */
  private static final Map<String, String> EVIL = Map.of("service", "a".repeat(40) + "c");

  @Test
  void should_matchInLinearTime_whenThePatternWouldBacktrackExponentially() {
    LabelMatcher nested = new LabelMatcher("service", "=~", "(a+)+b");
    LabelMatcher negated = new LabelMatcher("service", "!~", "(a|aa)+b");
    List<String> errors = new ArrayList<>();
    nested.validate(errors, "matchers[0]");
    negated.validate(errors, "matchers[1]");
    assertThat(errors).isEmpty();

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertThat(nested.matches(EVIL)).isFalse();
          assertThat(negated.matches(EVIL)).isTrue();
          assertThat(LabelMatcher.all(List.of(nested), Map.of("service", "aaab"))).isTrue();
        });
  }

  @Test
  void should_refuseAPatternOverTheCap_namingTheMatcherAndTheCap() {
    List<String> errors = new ArrayList<>();
    new LabelMatcher("service", "=~", "a".repeat(LabelMatcher.MAX_PATTERN_LENGTH))
        .validate(errors, "matchers[0]");
    new LabelMatcher("service", "!~", "a".repeat(LabelMatcher.MAX_PATTERN_LENGTH + 1))
        .validate(errors, "matchers[1]");
    // an exact match is no pattern: only the general value limit applies
    new LabelMatcher("service", "=", "a".repeat(1000)).validate(errors, "matchers[2]");

    assertThat(errors)
        .containsExactly(
            "field 'matchers[1].value' is a regular expression of 257 characters; at most 256"
                + " are allowed");
  }

  @Test
  void should_refuseBackreferencesAndLookarounds_whichRe2CannotRunInLinearTime() {
    List<String> errors = new ArrayList<>();
    new LabelMatcher("service", "=~", "(a)\\1").validate(errors, "matchers[0]");
    new LabelMatcher("service", "=~", "(?=a)a").validate(errors, "matchers[1]");

    assertThat(errors).hasSize(2);
    assertThat(errors.get(0))
        .startsWith("field 'matchers[0].value' is not a valid regular expression (RE2 syntax)");
    assertThat(errors.get(1))
        .startsWith("field 'matchers[1].value' is not a valid regular expression (RE2 syntax)");
  }

  @Test
  void should_keepAlertmanagerSemantics_fullMatchAndMissingLabelAsEmpty() {
    assertThat(new LabelMatcher("service", "=~", "check").matches(Map.of("service", "checkout")))
        .isFalse();
    assertThat(new LabelMatcher("service", "=~", "check.*").matches(Map.of("service", "checkout")))
        .isTrue();
    assertThat(new LabelMatcher("team", "=~", "|ops").matches(Map.of())).isTrue();
    assertThat(new LabelMatcher("team", "!~", ".+").matches(Map.of())).isTrue();
  }
}
