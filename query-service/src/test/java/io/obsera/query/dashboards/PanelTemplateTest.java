package io.obsera.query.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.obsera.model.Json;
import io.obsera.query.api.ApiException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelTemplateTest {

  @Test
  void should_findTypedPlaceholders_inOrder() {
    assertThat(
            PanelTemplate.placeholders(
                "SELECT * FROM t WHERE s = {service:String} AND ts >= {from:DateTime64(9)}"
                    + " AND ts < { to : DateTime64(9) } AND s2 = {service:String}"))
        .containsExactly(
            Map.entry("service", "String"),
            Map.entry("from", "DateTime64(9)"),
            Map.entry("to", "DateTime64(9)"));
  }

  @Test
  void should_refuseAParameterWithTwoTypes() {
    assertThatThrownBy(() -> PanelTemplate.placeholders("SELECT {a:String}, {a:UInt8}"))
        .hasMessageContaining("'a'");
  }

  @Test
  void should_convertTimes_fromRfc3339AndUnixNanos_toUtcText() throws Exception {
    Map<String, String> declared = Map.of("from", "DateTime64(9)", "day", "Date", "at", "DateTime");

    Map<String, String> bound =
        PanelTemplate.bind(
            declared,
            Json.MAPPER.readTree(
                "{\"from\":\"1795687200123456789\",\"day\":\"2026-11-27\","
                    + "\"at\":\"2026-11-27T03:04:05+02:00\"}"));

    assertThat(bound)
        .containsEntry("from", "2026-11-26 10:00:00.123456789")
        .containsEntry("day", "2026-11-27")
        .containsEntry("at", "2026-11-27 01:04:05");
  }

  @Test
  void should_refuseMissingExtraAndMistypedValues_namingTheParameter() throws Exception {
    Map<String, String> declared = Map.of("n", "UInt8", "ok", "Bool", "id", "UUID");
    String valid = "\"ok\":true,\"id\":\"123e4567-e89b-12d3-a456-426614174000\"";

    assertThatThrownBy(() -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{" + valid + "}")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'n'")
        .hasMessageContaining("required");
    assertThatThrownBy(
            () -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":-1," + valid + "}")))
        .hasMessageContaining("'n' must be a UInt8");
    assertThatThrownBy(
            () ->
                PanelTemplate.bind(
                    declared, Json.MAPPER.readTree("{\"n\":1,\"x\":2," + valid + "}")))
        .hasMessageContaining("'x' is not declared");
    assertThatThrownBy(
            () -> PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":[1]," + valid + "}")))
        .hasMessageContaining("'n' must be a single value");
    assertThat(PanelTemplate.bind(declared, Json.MAPPER.readTree("{\"n\":7," + valid + "}")))
        .containsEntry("n", "7")
        .containsEntry("ok", "true");
  }

  @Test
  void should_refuseAnExponent_within_milliseconds_namingTheParameter() {
    // new BigDecimal("1e10000000").toBigIntegerExact() computes 10^10000000 (16 s of CPU here;
    // 1e600000000 takes hours); 1e700000000 overflows BigInteger at once.
    for (String n :
        new String[] {"\"1e10000000\"", "\"1e700000000\"", "1e10000000", "\"1E+999999999\""}) {
      long started = System.nanoTime();
      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () ->
              assertThatThrownBy(
                      () ->
                          PanelTemplate.bind(
                              Map.of("n", "UInt64"), Json.MAPPER.readTree("{\"n\":" + n + "}")))
                  .isInstanceOf(ApiException.class)
                  .hasMessageContaining("parameter 'n' must be a UInt64")
                  .hasMessageContaining("0 to 18446744073709551615"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }
  }

  @Test
  void should_acceptEachIntegerTypesRange_andRefuseOneBeyondIt() throws Exception {
    Map<String, String[]> ranges =
        Map.of(
            "Int8", new String[] {"-128", "127"},
            "UInt8", new String[] {"0", "255"},
            "Int16", new String[] {"-32768", "32767"},
            "UInt32", new String[] {"0", "4294967295"},
            "Int64", new String[] {"-9223372036854775808", "9223372036854775807"},
            "UInt64", new String[] {"0", "18446744073709551615"},
            "Int128",
                new String[] {
                  "-170141183460469231731687303715884105728",
                  "170141183460469231731687303715884105727"
                },
            "UInt256",
                new String[] {
                  "0",
                  "115792089237316195423570985008687907853269984665640564039457584007913129639935"
                },
            "Int256",
                new String[] {
                  "-57896044618658097711785492504343953926634992332820282019728792003956564819968",
                  "57896044618658097711785492504343953926634992332820282019728792003956564819967"
                });
    for (Map.Entry<String, String[]> e : ranges.entrySet()) {
      String type = e.getKey();
      java.math.BigInteger min = new java.math.BigInteger(e.getValue()[0]);
      java.math.BigInteger max = new java.math.BigInteger(e.getValue()[1]);
      for (java.math.BigInteger ok : new java.math.BigInteger[] {min, max}) {
        assertThat(bindOne(type, "\"" + ok + "\"")).as(type).isEqualTo(ok.toString());
      }
      for (java.math.BigInteger bad :
          new java.math.BigInteger[] {
            min.subtract(java.math.BigInteger.ONE), max.add(java.math.BigInteger.ONE)
          }) {
        assertThatThrownBy(() -> bindOne(type, "\"" + bad + "\""))
            .as(type + " " + bad)
            .isInstanceOf(ApiException.class)
            .hasMessageContaining("parameter 'n' must be a " + type)
            .hasMessageContaining("from " + min + " to " + max);
      }
    }
    assertThat(bindOne("Int32", "-7")).isEqualTo("-7");
  }

  @Test
  void should_refuseIntegersThatAreNotPlainDecimalDigits() {
    for (String v :
        new String[] {
          "\"1e3\"",
          "\"1.0\"",
          "1.5",
          "\"+1\"",
          "\" 1\"",
          "\"0x10\"",
          "\"\"",
          "\"-\"",
          "true",
          "\"1" + "0".repeat(100) + "\""
        }) {
      assertThatThrownBy(() -> bindOne("Int64", v))
          .as(v)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("parameter 'n' must be a Int64");
    }
    // A long value is not echoed whole.
    assertThatThrownBy(() -> bindOne("Int64", "\"" + "9".repeat(10_000) + "\""))
        .hasMessageContaining("(10000 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  private static String bindOne(String type, String json) throws Exception {
    return PanelTemplate.bind(Map.of("n", type), Json.MAPPER.readTree("{\"n\":" + json + "}"))
        .get("n");
  }

  @Test
  void should_refuseUnsupportedTypes_whenAPanelIsDeclared() {
    assertThatThrownBy(() -> new Panel("p", "t", "SELECT {m:Map(String, String)}", null))
        .hasMessageContaining("'m'")
        .hasMessageContaining("supported");
    assertThatThrownBy(() -> new Panel("p", "t", "SELECT {a:String}", Map.of("b", "String")))
        .hasMessageContaining("placeholders");
  }
}
