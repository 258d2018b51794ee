package io.obsera.query.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.query.ProbeDataFixture;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SystemPackages;
import io.obsera.testing.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLA report over real sockets against a real ClickHouse: a Berlin tenant's October 2026 (745
 * hours: clocks go back on the 25th), two endpoints of one service, outages inside, across the
 * month's end and during a maintenance window, an SLO with SLI counts; JSON and PDF (checked with
 * poppler's pdftotext, rendered to PNG under target/).
 */
@ExtendWith(ObseraServersExtension.class)
class SlaRoutesIT {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT = "sla-" + SUFFIX;
  static final String OTHER = "sla-other-" + SUFFIX;
  static ProbeDataFixture f;
  static String key;
  static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    f = new ProbeDataFixture("sla");
    key = f.tenantWithKey(TENANT);
    otherKey = f.tenantWithKey(OTHER);
    HttpResponse<String> zone =
        f.call(
            "PUT",
            "/api/v1/admin/tenants/" + TENANT + "/timezone",
            f.admin,
            "{\"timeZone\":\"Europe/Berlin\"}");
    assertThat(zone.statusCode()).as(zone.body()).isEqualTo(200);
    f.endpoint(TENANT, "api", "Shop API", "shop", List.of());
    f.endpoint(
        TENANT,
        "web",
        "Shop web",
        "shop",
        List.of(
            new MaintenanceWindow(
                Instant.parse("2026-10-12T00:00:00Z"),
                Instant.parse("2026-10-12T02:00:00Z"),
                "upgrade")));
    // api: 30 min on the 10th, 30 of the 60 min across Berlin's month end, 1 h degraded (up).
    f.outage(TENANT, "api", Kind.DOWN, "2026-10-10T08:00:00Z", "2026-10-10T08:30:00Z");
    f.outage(TENANT, "api", Kind.DOWN, "2026-10-31T22:30:00Z", "2026-10-31T23:30:00Z");
    f.outage(TENANT, "api", Kind.DEGRADED, "2026-10-15T08:00:00Z", "2026-10-15T09:00:00Z");
    // web: 20 min overlapping api's, and 30 min inside its maintenance window.
    f.outage(TENANT, "web", Kind.DOWN, "2026-10-10T08:20:00Z", "2026-10-10T08:40:00Z");
    f.outage(TENANT, "web", Kind.DOWN, "2026-10-12T01:00:00Z", "2026-10-12T01:30:00Z");
    f.outage(OTHER, "api", Kind.DOWN, "2026-10-10T08:00:00Z", "2026-10-10T12:00:00Z");
    HttpResponse<String> slo =
        f.call(
            "POST",
            "/api/v1/slos",
            key,
            "{\"id\":\"checkout\",\"name\":\"Checkout availability\",\"kind\":\"availability\","
                + "\"service\":\"shop\",\"objective\":0.99,\"period\":\"CALENDAR_MONTH\"}");
    assertThat(slo.statusCode()).as(slo.body()).isEqualTo(201);
    // 22:30Z on 30 Sep is still September in UTC but October in Berlin; 21:00Z is September.
    f.sql(
        "INSERT INTO "
            + f.database
            + ".slo_sli_minute VALUES ('"
            + TENANT
            + "', 'checkout', toDateTime('2026-10-05 12:00:00', 'UTC'), 4950, 5000), ('"
            + TENANT
            + "', 'checkout', toDateTime('2026-09-30 22:30:00', 'UTC'), 5000, 5000), ('"
            + TENANT
            + "', 'checkout', toDateTime('2026-09-30 21:00:00', 'UTC'), 0, 1000)");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> report("/api/v1/sla?month=2026-10").get("endpoints").size() == 2);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static JsonNode report(String path) throws Exception {
    HttpResponse<String> r = f.call("GET", path, key, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  static JsonNode byId(JsonNode list, String id) {
    for (JsonNode n : list) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + id + " in " + list);
  }

  @Test
  void should_reportEndpointsServicesAndSlos_inTheTenantsZone() throws Exception {
    JsonNode r = report("/api/v1/sla?month=2026-10");
    assertThat(r.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(r.get("from").asText()).isEqualTo("2026-09-30T22:00:00Z");
    assertThat(r.get("to").asText()).isEqualTo("2026-10-31T23:00:00Z");
    assertThat(r.get("monthMinutes").asDouble()).isEqualTo(44_700.0);
    assertThat(r.get("complete").asBoolean()).isTrue();
    // api: 30 + 30 = 60 min of 44700: 99.8658 %; budget 44.7, left -15.3.
    JsonNode api = byId(r.get("endpoints"), "api");
    assertThat(api.get("downtimeMinutes").asDouble()).isEqualTo(60.0);
    assertThat(api.get("uptimePercent").asDouble()).isEqualTo(99.8658);
    assertThat(api.get("budgetMinutes").asDouble()).isEqualTo(44.7);
    assertThat(api.get("budgetRemainingMinutes").asDouble()).isEqualTo(-15.3);
    assertThat(api.get("outages")).hasSize(3);
    JsonNode edge = api.get("outages").get(2);
    assertThat(edge.get("start").asText()).isEqualTo("2026-10-31T22:30:00Z");
    assertThat(edge.get("end").asText()).isEqualTo("2026-10-31T23:00:00Z");
    assertThat(edge.get("minutes").asDouble()).isEqualTo(30.0);
    assertThat(api.get("daily")).hasSize(31);
    assertThat(api.get("daily").get(9).get("downtimeMinutes").asDouble()).isEqualTo(30.0);
    // web: 20 min down, the 30 in maintenance excluded; 120 maintenance minutes: 1 - 20/44580.
    JsonNode web = byId(r.get("endpoints"), "web");
    assertThat(web.get("downtimeMinutes").asDouble()).isEqualTo(20.0);
    assertThat(web.get("maintenanceMinutes").asDouble()).isEqualTo(120.0);
    assertThat(web.get("uptimePercent").asDouble()).isEqualTo(99.9551);
    assertThat(web.get("budgetMinutes").asDouble()).isEqualTo(44.58);
    // shop = api or web down: 08:00-08:40 on the 10th and 30 min at the end: 70 min.
    JsonNode shop = byId(r.get("services"), "shop");
    assertThat(shop.get("endpoints").toString()).isEqualTo("[\"api\",\"web\"]");
    assertThat(shop.get("downtimeMinutes").asDouble()).isEqualTo(70.0);
    assertThat(shop.get("uptimePercent").asDouble()).isEqualTo(99.8434);
    // SLO: 9950 good of 10000 in Berlin's October; 1% allows 100 bad, 50 used.
    JsonNode slo = byId(r.get("slos"), "checkout");
    assertThat(slo.get("good").asLong()).isEqualTo(9950);
    assertThat(slo.get("total").asLong()).isEqualTo(10000);
    assertThat(slo.get("sliPercent").asDouble()).isEqualTo(99.5);
    assertThat(slo.get("budgetRemainingPercent").asDouble()).isEqualTo(50.0);
  }

  @Test
  void should_defaultToTheCurrentMonth_andRefuseFutureOrBadParameters() throws Exception {
    JsonNode current = report("/api/v1/sla");
    assertThat(current.get("month").asText())
        .isEqualTo(YearMonth.now(ZoneId.of("Europe/Berlin")).toString());
    assertThat(current.get("complete").asBoolean()).isFalse();
    String next = YearMonth.now(ZoneId.of("Europe/Berlin")).plusMonths(2).toString();
    for (String bad :
        List.of(
            "?month=" + next, "?month=2026-13", "?month=oct", "?objective=1.5", "?format=xls")) {
      HttpResponse<String> r = f.call("GET", "/api/v1/sla" + bad, key, null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains(bad.substring(1, bad.indexOf('=')));
    }
    assertThat(f.call("GET", "/api/v1/sla/" + next + ".pdf", key, null).statusCode())
        .isEqualTo(400);
    assertThat(f.call("GET", "/api/v1/sla", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void should_keepTenantsApart_andTakeTheObjectiveFromTheQuery() throws Exception {
    HttpResponse<String> r = f.call("GET", "/api/v1/sla?month=2026-10", otherKey, null);
    JsonNode other = TestApi.json(r);
    assertThat(other.get("timeZone").asText()).isEqualTo("UTC");
    assertThat(other.get("endpoints")).isEmpty();
    // 99% of 44700 minutes: 447 minutes of budget.
    JsonNode lax = report("/api/v1/sla?month=2026-10&objective=0.99");
    assertThat(byId(lax.get("endpoints"), "api").get("budgetMinutes").asDouble()).isEqualTo(447.0);
  }

  @Test
  void should_refuseAnUnknownTimeZone_namingTheField() throws Exception {
    HttpResponse<String> r =
        f.call(
            "PUT",
            "/api/v1/admin/tenants/" + OTHER + "/timezone",
            f.admin,
            "{\"timeZone\":\"Mars/Olympus\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("timeZone").contains("Mars/Olympus");
  }

  @Test
  void should_renderThePdf_withTheFiguresAndAChart() throws Exception {
    Path pdftotext = SystemPackages.ensure("pdftotext", "poppler-utils");
    Path pdftoppm = SystemPackages.ensure("pdftoppm", "poppler-utils");
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = bytes("/api/v1/sla/2026-10.pdf");
    System.out.printf(
        "SLA PDF: %d bytes in %d ms%n", r.body().length, (System.nanoTime() - t0) / 1_000_000);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
    Path dir = Files.createDirectories(Path.of("target", "sla-pdf").toAbsolutePath());
    Path pdf = dir.resolve("sla-2026-10.pdf");
    Files.write(pdf, r.body());
    String text = run(List.of(pdftotext.toString(), "-layout", pdf.toString(), "-"));
    assertThat(text)
        .contains("SLA report 2026-10")
        .contains("Tenant: " + TENANT)
        .contains("Europe/Berlin")
        .contains("Shop API")
        .contains("99.866") // api uptime
        .contains("-15.30") // api budget left
        .contains("99.843") // shop
        .contains("70.00")
        .contains("Checkout availability")
        .contains("99.500")
        .contains("2026-11-01 00:00") // the edge outage, clipped, in Berlin time
        .contains("Daily uptime per endpoint");
    run(List.of(pdftoppm.toString(), "-png", "-r", "80", pdf.toString(), "sla-2026-10"), dir);
    try (var pages = Files.list(dir)) {
      List<Path> pngs = pages.filter(p -> p.toString().endsWith(".png")).toList();
      assertThat(pngs).isNotEmpty();
      for (Path png : pngs) {
        assertThat(Files.size(png)).isGreaterThan(5_000);
      }
    }
    HttpResponse<byte[]> q = bytes("/api/v1/sla?month=2026-10&format=pdf");
    assertThat(new String(q.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  @Test
  void should_measureAnEndpointCreatedMidMonth_fromItsCreation_inJsonAndPdf() throws Exception {
    // Created 16 Oct 00:00 Berlin (15 Oct 22:00Z), never answered: down from 00:01 on. Measured
    // from creation to the month's end (23:00Z on the 31st; the 25th has 25 hours): 385 h =
    // 23100 min, of which 23099 down: uptime 1/23100 = 0.0043 %. The 15 days before are no data
    // (21600 min); the budget is 0.1 % of 44700 - 21600 = 23.1 min.
    String tenant = "sla-new-" + SUFFIX;
    String newKey = f.tenantWithKey(tenant);
    HttpResponse<String> zone =
        f.call(
            "PUT",
            "/api/v1/admin/tenants/" + tenant + "/timezone",
            f.admin,
            "{\"timeZone\":\"Europe/Berlin\"}");
    assertThat(zone.statusCode()).as(zone.body()).isEqualTo(200);
    f.endpoint(tenant, "fresh", "Fresh API", "fresh", Instant.parse("2026-10-15T22:00:00Z"));
    f.outage(tenant, "fresh", Kind.DOWN, "2026-10-15T22:01:00Z", null);
    JsonNode r =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> TestApi.json(f.call("GET", "/api/v1/sla?month=2026-10", newKey, null)),
                n -> n.get("endpoints").size() == 1);
    JsonNode e = byId(r.get("endpoints"), "fresh");
    assertThat(e.get("measuredMinutes").asDouble()).isEqualTo(23_100.0);
    assertThat(e.get("noDataMinutes").asDouble()).isEqualTo(21_600.0);
    assertThat(e.get("downtimeMinutes").asDouble()).isEqualTo(23_099.0);
    assertThat(e.get("uptimePercent").asDouble()).isEqualTo(0.0043);
    assertThat(e.get("budgetMinutes").asDouble()).isEqualTo(23.1);
    JsonNode daily = e.get("daily");
    assertThat(daily).hasSize(31);
    for (int d = 0; d < 15; d++) {
      assertThat(daily.get(d).get("uptimePercent").isNull()).as("day %d", d + 1).isTrue();
      assertThat(daily.get(d).get("measuredMinutes").asDouble()).as("day %d", d + 1).isZero();
    }
    assertThat(daily.get(15).get("date").asText()).isEqualTo("2026-10-16");
    assertThat(daily.get(15).get("measuredMinutes").asDouble()).isEqualTo(1_440.0);
    assertThat(daily.get(15).get("downtimeMinutes").asDouble()).isEqualTo(1_439.0);
    assertThat(daily.get(24).get("measuredMinutes").asDouble()).isEqualTo(1_500.0); // 25 h
    JsonNode service = byId(r.get("services"), "fresh");
    assertThat(service.get("measuredMinutes").asDouble()).isEqualTo(23_100.0);
    assertThat(service.get("daily").get(0).get("uptimePercent").isNull()).isTrue();

    // The PDF's chart: the days before creation grey (no data), not a single green bar.
    Path pdftoppm = SystemPackages.ensure("pdftoppm", "poppler-utils");
    HttpResponse<byte[]> pdf =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(f.base + "/api/v1/sla/2026-10.pdf"))
                    .header("Authorization", "Bearer " + newKey)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    Path dir = Files.createDirectories(Path.of("target", "sla-pdf-new").toAbsolutePath());
    Files.write(dir.resolve("sla-new.pdf"), pdf.body());
    run(List.of(pdftoppm.toString(), "-r", "60", "sla-new.pdf", "sla-new"), dir);
    int[] counts = {0, 0};
    try (var pages = Files.list(dir)) {
      for (Path ppm : pages.filter(p -> p.toString().endsWith(".ppm")).toList()) {
        int[] c = colourCounts(Files.readAllBytes(ppm), SlaPdf.UP, SlaPdf.NO_DATA);
        counts[0] += c[0];
        counts[1] += c[1];
      }
    }
    assertThat(counts[0]).as("green pixels").isZero();
    assertThat(counts[1]).as("grey (no data) pixels").isGreaterThan(100);
  }

  /** Pixels of each colour in a binary PPM (P6, 8 bits) as pdftoppm writes it. */
  static int[] colourCounts(byte[] ppm, java.awt.Color... colours) {
    int pos = 0;
    int[] header = new int[3];
    String magic = new String(ppm, 0, 2, StandardCharsets.US_ASCII);
    assertThat(magic).isEqualTo("P6");
    pos = 2;
    for (int i = 0; i < 3; i++) {
      while (Character.isWhitespace(ppm[pos])) {
        pos++;
      }
      int v = 0;
      while (!Character.isWhitespace(ppm[pos])) {
        v = v * 10 + (ppm[pos++] - '0');
      }
      header[i] = v;
    }
    pos++;
    int[] out = new int[colours.length];
    for (int p = pos; p + 2 < ppm.length; p += 3) {
      for (int c = 0; c < colours.length; c++) {
        if ((ppm[p] & 0xff) == colours[c].getRed()
            && (ppm[p + 1] & 0xff) == colours[c].getGreen()
            && (ppm[p + 2] & 0xff) == colours[c].getBlue()) {
          out[c]++;
        }
      }
    }
    return out;
  }

  static HttpResponse<byte[]> bytes(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(f.base + path))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  static String run(List<String> command) throws Exception {
    return run(command, null);
  }

  static String run(List<String> command, Path dir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
