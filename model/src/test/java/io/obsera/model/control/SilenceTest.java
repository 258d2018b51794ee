package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilenceTest {
  static final Instant T = Instant.parse("2026-11-27T07:00:00Z");
  static final List<LabelMatcher> SLO = List.of(new LabelMatcher("slo", "=", "checkout"));

  static Silence silence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt) {
    return new Silence("acme", "s1", matchers, startsAt, endsAt, "deploy", T, T, "test");
  }

  @Test
  void should_acceptAValidSilence_andTellItsState() {
    Silence s = silence(SLO, T, T.plus(Duration.ofHours(2)));
    assertThat(s.validate()).isEmpty();
    assertThat(s.validateNew(T)).isEmpty();
    assertThat(s.stateAt(T.minusSeconds(1))).isEqualTo(Silence.State.PENDING);
    assertThat(s.stateAt(T)).isEqualTo(Silence.State.ACTIVE);
    assertThat(s.stateAt(T.plus(Duration.ofHours(2)))).isEqualTo(Silence.State.EXPIRED);
    assertThat(s.requireValid().key()).isEqualTo("acme|s1");
  }

  @Test
  void should_nameEveryProblem() {
    List<LabelMatcher> bad =
        List.of(new LabelMatcher("9x", "==", "a"), new LabelMatcher("slo", "=~", "(unclosed"));
    Silence s = silence(bad, T, T.minusSeconds(1));
    assertThat(s.validate())
        .containsExactly(
            "field 'matchers[0].label' must be a label name ([A-Za-z_][A-Za-z0-9_.]*)",
            "field 'matchers[0].op' must be one of =, !=, =~, !~, got: ==",
            "field 'matchers[1].value' is not a valid regular expression (RE2 syntax): missing closing )",
            "field 'endsAt' must be after 'startsAt'");
    assertThat(silence(List.of(), null, null).validate())
        .containsExactly(
            "field 'matchers' must hold at least one matcher",
            "field 'startsAt' is required",
            "field 'endsAt' is required");
    assertThat(silence(SLO, T, T.plus(Duration.ofDays(365)).plusSeconds(1)).validate())
        .containsExactly("field 'endsAt' must be at most 365 days after 'startsAt'");
    assertThat(silence(SLO, T, T.plus(Duration.ofDays(365))).validate()).isEmpty();
  }

  @Test
  void should_refuseNewSilences_thatSilenceNothing() {
    assertThat(silence(SLO, T, T).validate()).isEmpty();
    assertThat(silence(SLO, T, T).validateNew(T.minusSeconds(60)))
        .containsExactly("field 'endsAt' must be after 'startsAt'");
    assertThat(silence(SLO, T.minusSeconds(600), T).validateNew(T))
        .containsExactly("field 'endsAt' must be in the future, got: 2026-11-27T07:00:00Z");
  }

  @Test
  void should_expire_activeAndPendingSilences_validly() {
    Silence active = silence(SLO, T, T.plus(Duration.ofHours(2)));
    Instant now = T.plus(Duration.ofMinutes(30));
    Silence expired = active.expiredAt(now, "key:k2");
    assertThat(expired.startsAt()).isEqualTo(T);
    assertThat(expired.endsAt()).isEqualTo(now);
    assertThat(expired.updatedAt()).isEqualTo(now);
    assertThat(expired.actor()).isEqualTo("key:k2");
    assertThat(expired.stateAt(now)).isEqualTo(Silence.State.EXPIRED);
    assertThat(expired.validate()).isEmpty();

    Silence pending = silence(SLO, T.plus(Duration.ofDays(1)), T.plus(Duration.ofDays(2)));
    Silence expiredPending = pending.expiredAt(now, "key:k2");
    assertThat(expiredPending.startsAt()).isEqualTo(now);
    assertThat(expiredPending.endsAt()).isEqualTo(now);
    assertThat(expiredPending.stateAt(now)).isEqualTo(Silence.State.EXPIRED);
    assertThat(expiredPending.validate()).isEmpty();
    // Expiring an expired silence changes nothing.
    assertThat(expired.expiredAt(now.plusSeconds(60), "key:k3")).isSameAs(expired);
  }
}
