package io.obsera.ingest.otlp;

import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * An {@link IngestService} on the shared Kafka for one fresh tenant with an ingest key, for ITs
 * that speak OTLP/HTTP to it.
 */
final class IngestItServer implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String ADMIN_TOKEN = "ingest-it-admin-token-0123456789";

  final String tenant;
  final String key;
  final String baseUrl;
  final String grpcEndpoint;
  private final ControlPlaneWriter control;
  private final IngestService ingest;

  IngestItServer(String tenantPrefix) throws InterruptedException {
    this(tenantPrefix, UnaryOperator.identity(), Clock.systemUTC());
  }

  /** With the configuration changed by {@code config} and {@code clock} for the series limits. */
  IngestItServer(String tenantPrefix, UnaryOperator<IngestConfig> config, Clock clock)
      throws InterruptedException {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    tenant = tenantPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    control.putTenant(new TenantRecord(tenant, tenant, Instant.now(), "test"));
    ApiKeyToken token = ApiKeyToken.generate();
    control.putApiKey(
        new ApiKeyRecord(
            token.keyId(),
            tenant,
            token.secretSha256(),
            Set.of(Scope.INGEST),
            "it",
            Instant.now(),
            null,
            "test"));
    key = token.token();
    ingest =
        new IngestService(
                config.apply(
                    IngestConfig.of("127.0.0.1", 0, kafka, tenant, TestControlKeys.verifying())
                        .withMaxRequestBytes(1 << 20)
                        .withAdminToken(ADMIN_TOKEN)),
                clock)
            .start();
    baseUrl = "http://127.0.0.1:" + ingest.otlpHttpPort();
    grpcEndpoint = "http://127.0.0.1:" + ingest.otlpGrpcPort();
    // the key reaches the service through the control-plane topic: wait until it is accepted
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                post("/v1/traces", "application/json", "{}".getBytes(), Map.of()).statusCode()
                    == 200);
  }

  HttpResponse<byte[]> post(
      String path, String contentType, byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Every metric, the tenant-labelled ones included (with the admin token). */
  String metrics() throws Exception {
    return adminGet("/metrics");
  }

  /** The body of a GET of {@code path} with the admin token. */
  String adminGet(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() {
    ingest.close();
    control.close();
  }
}
