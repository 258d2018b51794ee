package io.obsera.standalone;

import static io.obsera.testing.EndpointBuilder.endpoint;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestEndpoints;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A fresh tenant on the JVM's shared Kafka (data topics ensured) and the key its probe results are
 * sent with: a PROBE key of another (operations) tenant, bound to one region, so the results land
 * under the tenant only because the ingest bridge files them under {@code obsera.tenant}, and only
 * as checks of the tenant's endpoints probed from that region ({@link #define}).
 */
public record ReportingTenant(String kafka, String tenant, String key, String region) {

  public static ReportingTenant create(String prefix, String region) {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName(prefix);
    TestTenants.createWithKey(kafka, tenant, Set.of(Scope.QUERY));
    String key =
        TestTenants.createWithProbeKey(kafka, TestKafka.uniqueName("probe-ops"), Set.of(region))
            .token();
    return new ReportingTenant(kafka, tenant, key, region);
  }

  /**
   * Defines endpoints of this tenant (signed, as the query service writes them); an ingest bridge
   * started afterwards accepts checks of them from the regions they list.
   */
  public void define(EndpointDefinition... endpoints) {
    TestEndpoints.define(kafka, endpoints);
  }

  /** Defines endpoints {@code ids} of this tenant, probed from the key's region. */
  public void define(String... ids) {
    define(
        Arrays.stream(ids)
            .map(
                id ->
                    endpoint(tenant, id, "https://" + id + ".example/health")
                        .regions(region)
                        .build())
            .toArray(EndpointDefinition[]::new));
  }

  /** What of this tenant's probe results is in Kafka now. */
  public ProbeLanding landed() throws Exception {
    return ProbeLanding.read(kafka, tenant);
  }
}
