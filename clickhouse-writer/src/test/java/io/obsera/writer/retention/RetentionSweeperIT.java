package io.obsera.writer.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.model.Topics;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-tenant retention against a real ClickHouse: rows aged 3, 10, 40 and 100 days in every
 * retained table, for a tenant with 7 days, one on the default (30) and one with 90.
 */
@ExtendWith(ObseraServersExtension.class)
class RetentionSweeperIT {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String SHORT = "short-" + SUFFIX;
  static final String PLAIN = "plain-" + SUFFIX;
  static final String LONG = "long-" + SUFFIX;
  static final List<Integer> AGES = List.of(3, 10, 40, 100);
  static Client ch;
  static String db;

  @BeforeAll
  static void setUp() {
    db = TestClickHouse.createDatabase("retention");
    ch = TestClickHouse.adminClient();
    new SchemaMigrator(ch, db).migrate();
    for (RetainedTable t : RetainedTable.ALL) {
      for (String tenant : List.of(SHORT, PLAIN, LONG)) {
        for (int age : AGES) {
          // Distinct ids, or the summary, count, outage and alert tables would merge the rows.
          String id =
              t.name().startsWith("trace_") || t.name().contains("trace_id")
                  ? "TraceId"
                  : t.name().equals("outages")
                      ? "OutageId"
                      : t.name().equals("alerts")
                          ? "Fingerprint"
                          : t.name().equals("alert_deliveries") ? "DeliveryId" : null;
          ch.queryAll(
              "INSERT INTO "
                  + db
                  + "."
                  + t.name()
                  + " (TenantId, "
                  + t.timeColumn()
                  + (id != null ? ", " + id : "")
                  + ") SELECT {t:String}, now64(9) - INTERVAL {age:UInt32} DAY"
                  + (id != null ? ", toString({age:UInt32})" : ""),
              Map.of("t", tenant, "age", age));
        }
      }
    }
  }

  @AfterAll
  static void tearDown() {
    ch.close();
  }

  static List<Long> agesLeft(RetainedTable t, String tenant) {
    return ch
        .queryAll(
            "SELECT dateDiff('day', "
                + t.timeColumn()
                + ", now64(9)) AS Age FROM "
                + db
                + "."
                + t.name()
                + " WHERE TenantId = {t:String} ORDER BY Age",
            Map.of("t", tenant))
        .stream()
        .map(r -> r.getLong("Age"))
        .toList();
  }

  @Test
  void should_deleteEachTenantsExpiredRows_inEveryTable_andDoNothingWhenNothingExpired() {
    // The tenants as the control plane has them, read through a real view.
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    Instant now = Instant.now();
    try (ControlPlaneWriter writer =
            new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
        ControlPlaneView view =
            new ControlPlaneView(kafka, Map.of(), TestControlKeys.verifier()).start()) {
      writer.putTenant(new TenantRecord(SHORT, SHORT, now, "test").withRetention(7, "test"));
      writer.putTenant(new TenantRecord(PLAIN, PLAIN, now, "test"));
      writer.putTenant(new TenantRecord(LONG, LONG, now, "test").withRetention(90, "test"));
      TenantRetentions retentions = new TenantRetentions(view);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> retentions.get().keySet().containsAll(List.of(SHORT, LONG)));

      RetentionSweeper sweeper =
          new RetentionSweeper(
              ch,
              db,
              new RetentionConfig(30, Duration.ofHours(1)),
              retentions,
              Clock.fixed(now, ZoneOffset.UTC));
      Map<String, Long> deleted = sweeper.sweep();

      for (RetainedTable t : RetainedTable.ALL) {
        assertThat(agesLeft(t, SHORT)).as(t.name() + " of a 7-day tenant").containsExactly(3L);
        assertThat(agesLeft(t, PLAIN))
            .as(t.name() + " of a default (30-day) tenant")
            .containsExactly(3L, 10L);
        assertThat(agesLeft(t, LONG))
            .as(t.name() + " of a 90-day tenant")
            .containsExactly(3L, 10L, 40L);
        // 3 + 2 + 1 rows of these tenants; other tests' tenants may add more in shared tables.
        assertThat(deleted.get(t.name())).as(t.name()).isGreaterThanOrEqualTo(6L);
      }

      long mutations = mutationCount();
      assertThat(sweeper.sweep()).as("nothing left to expire").isEmpty();
      assertThat(mutationCount()).as("an idle sweep creates no mutation").isEqualTo(mutations);

      // Shortening a retention applies to data already stored.
      writer.putTenant(new TenantRecord(LONG, LONG, now, "test").withRetention(5, "test"));
      await().atMost(Duration.ofSeconds(20)).until(() -> retentions.get().get(LONG) == 5);
      sweeper.sweep();
      assertThat(agesLeft(RetainedTable.ALL.get(0), LONG)).containsExactly(3L);
    }
  }

  static long mutationCount() {
    return ch.queryAll(
            "SELECT count() FROM system.mutations WHERE database = {db:String}", Map.of("db", db))
        .get(0)
        .getLong(1);
  }
}
