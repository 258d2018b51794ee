package io.obsera.standalone;

import io.obsera.model.Topics;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.util.Map;
import java.util.Set;

/**
 * A fresh tenant on the JVM's shared Kafka (data topics ensured) and the key its probe results are
 * sent with: a PROBE key of another (operations) tenant, so the results land under the tenant only
 * because the ingest bridge files them under {@code obsera.tenant}.
 */
public record ReportingTenant(String kafka, String tenant, String key) {

  public static ReportingTenant create(String prefix) {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName(prefix);
    TestTenants.createWithKey(kafka, tenant, Set.of(Scope.QUERY));
    String key =
        TestTenants.createWithKey(kafka, TestKafka.uniqueName("probe-ops"), Set.of(Scope.PROBE))
            .token();
    return new ReportingTenant(kafka, tenant, key);
  }

  /** What of this tenant's probe results is in Kafka now. */
  public ProbeLanding landed() throws Exception {
    return ProbeLanding.read(kafka, tenant);
  }
}
