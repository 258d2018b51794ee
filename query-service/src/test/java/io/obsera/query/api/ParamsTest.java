package io.obsera.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void should_parseRfc3339AndUnixNanos_toTheSameInstant() {
    long nanos = 1_795_687_200_123_456_789L;
    assertThat(Params.time("from", "2026-11-26T10:00:00.123456789Z")).isEqualTo(nanos);
    assertThat(Params.time("from", "2026-11-26T11:00:00.123456789+01:00")).isEqualTo(nanos);
    assertThat(Params.time("from", Long.toString(nanos))).isEqualTo(nanos);
    assertThat(Params.time("to", "0")).isZero();
  }

  @Test
  void should_reject_badTimes_namingTheParameter() {
    for (String bad : List.of("yesterday", "2026-11-26", "-5", "99999999999999999999", "1e9")) {
      assertThatThrownBy(() -> Params.time("from", bad))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("'from'")
          .extracting(e -> ((ApiException) e).status())
          .isEqualTo(400);
    }
  }

  @Test
  void should_parseDurations_inEveryUnit() {
    assertThat(Params.duration("step", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Params.duration("step", "1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Params.duration("step", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Params.duration("step", "2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Params.duration("step", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Params.duration("step", "250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Params.duration("step", "7ns")).isEqualTo(Duration.ofNanos(7));
    for (String bad : List.of("0s", "1", "1 m", "m", "-1s", "1.5s", "1w", "")) {
      assertThatThrownBy(() -> Params.duration("minDuration", bad))
          .hasMessageContaining("'minDuration'");
    }
  }

  @Test
  void should_roundTripCursors_andRejectTamperedOnes() {
    Cursor c = new Cursor(1_795_687_200_123_456_789L, "5b8efff798038103d269b633813fc60c");
    assertThat(Cursor.decode(c.encode())).isEqualTo(c);
    assertThat(Cursor.decode(null)).isNull();
    String encoded = c.encode();
    String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    String forged = text.replace("1795687200123456789", "1795687200123456788");
    List<String> tampered =
        List.of(
            "not base64 !",
            Base64.getUrlEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().encodeToString("v1:1:x' OR 1=1:00000000".getBytes()),
            encoded.substring(0, encoded.length() - 2));
    for (String t : tampered) {
      assertThatThrownBy(() -> Cursor.decode(t))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("'cursor'");
    }
  }

  @Test
  void should_collectAttributeFilters_andRejectEmptyKeysOrRepeats() {
    assertThat(
            Params.attributes(
                Map.of(
                    "attr.http.route", List.of("/cart"),
                    "service", List.of("x"),
                    "attr.k", List.of("v"))))
        .containsExactly(Map.entry("http.route", "/cart"), Map.entry("k", "v"));
    assertThatThrownBy(() -> Params.attributes(Map.of("attr.", List.of("v"))))
        .hasMessageContaining("'attr.'");
    assertThatThrownBy(() -> Params.attributes(Map.of("attr.k", List.of("a", "b"))))
        .hasMessageContaining("'attr.k'");
  }

  @Test
  void should_formatDateTime64Parameters_inUtcWithNanoseconds() {
    assertThat(SqlTime.dateTime64(1_795_687_200_123_456_789L))
        .isEqualTo("2026-11-26 10:00:00.123456789");
    assertThat(SqlTime.dateTime64(0)).isEqualTo("1970-01-01 00:00:00.000000000");
  }

  @Test
  void should_quoteArrayParameterText_soQuotesStayInsideValues() {
    assertThat(SqlArrays.strings(List.of("a", "b'c", "d\\"))).isEqualTo("['a','b\\'c','d\\\\']");
    assertThat(SqlArrays.strings(List.of())).isEqualTo("[]");
  }
}
