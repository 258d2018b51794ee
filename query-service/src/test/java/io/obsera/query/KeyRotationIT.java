package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.Identity;
import io.obsera.identity.Totp;
import io.obsera.identity.TotpEnrolments;
import io.obsera.identity.TotpRecord;
import io.obsera.identity.UserRecord;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlSigner;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling rotation of all three secrets of the query service, against the real Kafka and
 * ClickHouse, as an operator runs it behind a load balancer: instance A runs the old keys; B starts
 * with the new ones and the old ones as previous (and re-seals and re-signs at start); A is drained
 * and stopped, clients switch to the new admin token; C starts with the new keys only and B is
 * drained. An admin client calls all the while, and no call fails.
 */
@ExtendWith(ObseraServersExtension.class)
class KeyRotationIT {
  static final String OLD_TOKEN = "old-admin-token-of-key-rotation-it";
  static final String NEW_TOKEN = "new-admin-token-of-key-rotation-it";
  static final String HOOK_SECRET = "whsec-rotation-0123456789abcdef";
  static final String HEADER_SECRET = "Bearer probed-service-credential-42";
  static final String MFA_PASSWORD = "correct horse battery of rotation";

  final String tenant = TestKafka.uniqueName("rotation");
  final String region = TestKafka.uniqueName("rot-region");
  final KeyPair oldSigning = ControlSignature.generate();
  final KeyPair newSigning = ControlSignature.generate();
  final String oldSecretKey = SecretBox.newKeyBase64();
  final String newSecretKey = SecretBox.newKeyBase64();
  final List<QueryServer> started = new ArrayList<>();
  ClickHouseSettings clickHouse;

  /** The instances behind the "load balancer", and the admin client's current token. */
  final List<String> pool = new CopyOnWriteArrayList<>();

  final AtomicReference<String> clientToken = new AtomicReference<>(OLD_TOKEN);
  final AtomicInteger calls = new AtomicInteger();
  final List<String> failures = new CopyOnWriteArrayList<>();
  volatile boolean loading = true;

  @AfterEach
  void stop() {
    loading = false;
    started.forEach(QueryServer::close);
  }

  @Test
  void should_rotateTheSecretKeySigningKeyAndAdminToken_withoutAFailedCall() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    clickHouse =
        new ClickHouseSettings(
            e.httpUrl(), e.user(), e.password(), TestClickHouse.createDatabase("rotation"));

    // Before: instance A with the old keys; a tenant, a query key, a probe key, a channel and an
    // endpoint, the last two with sealed secrets.
    String a = start(oldSigning, List.of(), oldSecretKey, null, OLD_TOKEN, List.of());
    expect(201, "POST", a, "/api/v1/admin/tenants", OLD_TOKEN, "{\"id\":\"" + tenant + "\"}");
    String queryKey =
        expect(
                201,
                "POST",
                a,
                "/api/v1/admin/tenants/" + tenant + "/keys",
                OLD_TOKEN,
                "{\"scopes\":[\"query\"]}")
            .get("key")
            .asText();
    String probeKey =
        expect(
                201,
                "POST",
                a,
                "/api/v1/admin/tenants/" + tenant + "/keys",
                OLD_TOKEN,
                "{\"scopes\":[\"probe\"],\"regions\":[\"" + region + "\"]}")
            .get("key")
            .asText();
    expect(
        201,
        "POST",
        a,
        "/api/v1/channels",
        queryKey,
        "{\"id\":\"hook\",\"name\":\"Ops\",\"channel\":{\"type\":\"WEBHOOK\","
            + "\"url\":\"https://8.8.8.8/hook\",\"secret\":\""
            + HOOK_SECRET
            + "\"}}");
    expect(
        201,
        "PUT",
        a,
        "/api/v1/endpoints/api",
        queryKey,
        "{\"name\":\"API\",\"url\":\"https://8.8.8.8/health\",\"regions\":[\""
            + region
            + "\"],\"headers\":{\"Authorization\":\""
            + HEADER_SECRET
            + "\"}}");
    // a user with multi-factor sign-in on: its TOTP secret is sealed too
    Identity identityOfA = started.get(0).identity();
    UserRecord mfaUser =
        identityOfA.createUser(
            TestKafka.uniqueName("mfa") + "@example.com", "Mfa", MFA_PASSWORD, "test");
    identityOfA.setRole(tenant, mfaUser.id(), Role.VIEWER, "test");
    TotpEnrolments.Enrolment enrolment = identityOfA.totp().enrol(mfaUser);
    byte[] totpSecret = Totp.fromBase32(enrolment.secret());
    identityOfA.totp().verify(mfaUser.id(), Totp.code(totpSecret, Totp.stepAt(Instant.now())));
    String oldBox = SecretBox.fromBase64("k", oldSecretKey).keyId();
    assertThat(sealedUnder(latestChannel())).isEqualTo(oldBox);
    assertThat(
            SecretBox.sealedUnder(
                latest(Topics.CONTROL_TOTP, mfaUser.id(), TotpRecord.class).sealedSecret()))
        .isEqualTo(oldBox);
    assertThat(signedBy(Topics.CONTROL_TENANTS, tenant)).isEqualTo(keyId(oldSigning));

    pool.add(a);
    Thread client = new Thread(this::adminCalls, "rotation-it-admin-client");
    client.start();
    awaitCalls(20);

    // Window: B signs with the new key and still trusts the old one, seals under the new secret
    // key and still opens the old, accepts both admin tokens. At its start it moves every record.
    String b =
        start(
            newSigning,
            List.of(oldSigning),
            newSecretKey,
            oldSecretKey,
            NEW_TOKEN,
            List.of(OLD_TOKEN));
    pool.add(b);
    awaitCalls(20);
    String newBox = SecretBox.fromBase64("k", newSecretKey).keyId();
    ChannelRecord resealed = latestChannel();
    assertThat(sealedUnder(resealed)).isEqualTo(newBox);
    assertThat(resealed.sealedSecrets().get("secret")).doesNotContain(HOOK_SECRET);
    assertThat(signedBy(Topics.CONTROL_CHANNELS, ChannelRecord.key(tenant, "hook")))
        .isEqualTo(keyId(newSigning));
    EndpointDefinition endpoint =
        latest(Topics.CONTROL_ENDPOINTS, tenant + "|api", EndpointDefinition.class);
    assertThat(SecretBox.sealedUnder(endpoint.sealedHeaders().get("Authorization")))
        .isEqualTo(newBox);
    assertThat(signedBy(Topics.CONTROL_TENANTS, tenant)).isEqualTo(keyId(newSigning));
    TotpRecord totp = latest(Topics.CONTROL_TOTP, mfaUser.id(), TotpRecord.class);
    assertThat(SecretBox.sealedUnder(totp.sealedSecret())).isEqualTo(newBox);
    assertThat(totp.sealedSecret()).doesNotContain(enrolment.secret());
    assertThat(signedBy(Topics.CONTROL_API_KEYS, ApiKeyToken.parse(queryKey).keyId()))
        .isEqualTo(keyId(newSigning));

    // Drain and stop A; the client switches to the new token (every instance accepts it now).
    drain(a);
    clientToken.set(NEW_TOKEN);
    awaitCalls(20);

    // After: C holds only the new keys and token; B is drained.
    String c = start(newSigning, List.of(), newSecretKey, null, NEW_TOKEN, List.of());
    pool.add(c);
    awaitCalls(20);
    drain(b);
    awaitCalls(20);
    loading = false;
    client.join(10_000);
    assertThat(failures).as("failed admin calls during the rotation").isEmpty();
    assertThat(calls.get()).isGreaterThanOrEqualTo(100);

    // C reads every re-signed record and opens every re-sealed secret with the new keys only.
    assertThat(call("GET", c, "/api/v1/channels/hook", queryKey, null).statusCode()).isEqualTo(200);
    JsonNode assigned = null;
    for (JsonNode n :
        TestApi.json(call("GET", c, "/api/v1/probe/assignments?region=" + region, probeKey, null))
            .get("endpoints")) {
      assigned = n;
    }
    assertThat(assigned).isNotNull();
    assertThat(assigned.get("headers").get("Authorization").asText()).isEqualTo(HEADER_SECRET);
    // and checks the second factor with the re-sealed TOTP secret (the next step's code)
    String nextCode = Totp.code(totpSecret, Totp.stepAt(Instant.now()) + 1);
    expect(
        200,
        "POST",
        c,
        "/api/v1/auth/login",
        null,
        "{\"email\":\""
            + mfaUser.email()
            + "\",\"password\":\""
            + MFA_PASSWORD
            + "\",\"totp\":\""
            + nextCode
            + "\"}");
    // the old admin token is refused now
    assertThat(call("GET", c, "/api/v1/admin/tenants/" + tenant, OLD_TOKEN, null).statusCode())
        .isEqualTo(401);

    // A record signed only with the old key, written now, is refused: its key does not work.
    ApiKeyToken forged = ApiKeyToken.generate();
    writeSignedWithOldKey(forged);
    String canary =
        expect(
                201,
                "POST",
                c,
                "/api/v1/admin/tenants/" + tenant + "/keys",
                NEW_TOKEN,
                "{\"scopes\":[\"query\"]}")
            .get("key")
            .asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> call("GET", c, "/api/v1/channels", canary, null).statusCode() == 200);
    assertThat(call("GET", c, "/api/v1/channels", forged.token(), null).statusCode())
        .isEqualTo(401);
  }

  /** Starts a query service; returns its base URL. */
  private String start(
      KeyPair signing,
      List<KeyPair> alsoTrusted,
      String secretKey,
      String previousSecretKey,
      String adminToken,
      List<String> previousTokens)
      throws Exception {
    QueryConfig config =
        new QueryConfig(
                "127.0.0.1",
                0,
                SharedServers.kafkaBootstrap(),
                clickHouse,
                adminToken,
                "obsera-streams",
                Map.of(),
                "analyst-secret-of-key-rotation-it",
                null,
                null,
                TargetGuard.strict(),
                SecretBox.fromBase64(QueryConfig.SECRET_KEY_ENV, secretKey)
                    .withPrevious(QueryConfig.SECRET_KEY_PREVIOUS_ENV, previousSecretKey),
                null,
                null,
                ControlTrust.signing(
                    signing,
                    Clock.systemUTC(),
                    alsoTrusted.stream().map(KeyPair::getPublic).toList()))
            .withPreviousAdminTokens(previousTokens);
    QueryServer s = new QueryServer(config).start();
    started.add(s);
    return "http://127.0.0.1:" + s.port();
  }

  /** The admin client: one call after another, round robin over the pool, until stopped. */
  private void adminCalls() {
    int i = 0;
    while (loading) {
      List<String> live = List.copyOf(pool);
      String base = live.get(i++ % live.size());
      try {
        HttpResponse<String> r =
            call("GET", base, "/api/v1/admin/tenants/" + tenant, clientToken.get(), null);
        if (r.statusCode() != 200) {
          failures.add(base + ": " + r.statusCode() + " " + r.body());
        }
      } catch (Exception ex) {
        failures.add(base + ": " + ex);
      }
      calls.incrementAndGet();
    }
  }

  /** Takes an instance out of the pool, lets the call in flight finish, then stops it. */
  private void drain(String base) throws Exception {
    pool.remove(base);
    awaitCalls(2);
    for (QueryServer s : List.copyOf(started)) {
      if (base.equals("http://127.0.0.1:" + s.port())) {
        started.remove(s);
        s.close();
      }
    }
  }

  private void awaitCalls(int more) {
    int target = calls.get() + more;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> calls.get() >= target || !failures.isEmpty());
  }

  private void writeSignedWithOldKey(ApiKeyToken token) throws Exception {
    ControlSigner old =
        ControlTrust.signing(oldSigning, Clock.systemUTC(), List.of()).requireSigner();
    ApiKeyRecord record =
        new ApiKeyRecord(
            token.keyId(),
            tenant,
            token.secretSha256(),
            Set.of(Scope.QUERY),
            "signed with the retired key",
            Instant.now(),
            null,
            "old-key");
    byte[] value = Json.MAPPER.writeValueAsBytes(record);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.send(
              new ProducerRecord<>(
                  Topics.CONTROL_API_KEYS,
                  null,
                  token.keyId(),
                  value,
                  old.sign(
                      Topics.CONTROL_API_KEYS, token.keyId(), old.nextVersion(), false, value)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private ChannelRecord latestChannel() throws Exception {
    return latest(Topics.CONTROL_CHANNELS, ChannelRecord.key(tenant, "hook"), ChannelRecord.class);
  }

  private static <T> T latest(String topic, String key, Class<T> type) throws Exception {
    return Json.MAPPER.readValue(lastRecord(topic, key).value(), type);
  }

  private static ConsumerRecord<String, byte[]> lastRecord(String topic, String key) {
    List<ConsumerRecord<String, byte[]>> all =
        TestKafka.readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
    assertThat(all).as(topic + " " + key).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static String signedBy(String topic, String key) {
    return new String(
        lastRecord(topic, key).headers().lastHeader(ControlSignature.KEY_ID_HEADER).value(),
        StandardCharsets.US_ASCII);
  }

  private static String sealedUnder(ChannelRecord r) {
    return SecretBox.sealedUnder(r.sealedSecrets().get("secret"));
  }

  private static String keyId(KeyPair pair) {
    return ControlSignature.keyId(pair.getPublic());
  }

  private static HttpResponse<String> call(
      String method, String base, String path, String token, String body) throws Exception {
    return TestApi.call(method, base + path, token, body);
  }

  private static JsonNode expect(
      int status, String method, String base, String path, String token, String body)
      throws Exception {
    HttpResponse<String> r = call(method, base, path, token, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return TestApi.json(r);
  }
}
