package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.audit.AuditEvent;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every control-plane change's audit event carries the record as it was and as the request left it
 * (one place: the control-plane writer's listener), with no secret in any row: channel secrets in
 * clear or sealed, key secrets and their hashes, password hashes, invite and session tokens. Rows
 * as the writer stores them, read back through {@code GET /api/v1/audit} as JSON and CSV.
 */
@ExtendWith(ObseraServersExtension.class)
class AuditSnapshotsIT {
  static final String HOOK_SECRET = "whsec-SNAPSHOT-first-0123456789";
  static final String ROTATED_SECRET = "whsec-SNAPSHOT-second-987654321";
  static final String NEW_PASSWORD = "invited person's long password";
  static IdentityItServer it;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(Scope.INGEST));
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  static String slo(double objective) {
    return "{\"id\":\"snap-slo\",\"name\":\"Checkout\",\"kind\":\"availability\","
        + "\"service\":\"checkout\",\"objective\":"
        + objective
        + ",\"period\":\"ROLLING_30D\"}";
  }

  static String hook(String name, String secret) {
    return "{\"id\":\"snap-hook\",\"name\":\""
        + name
        + "\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\",\"secret\":\""
        + secret
        + "\"}}";
  }

  @Test
  void should_recordBeforeAndAfter_ofEveryChange_withoutSecrets() throws Exception {
    String tenant = it.tenantA;
    Caller editor = new Caller("editor key", it.key(tenant, Role.EDITOR), null, null);
    String adminEmail = it.user(tenant, Role.ADMIN);
    Caller admin = it.signIn(it.service, "admin", adminEmail);
    expect(201, "POST", "/api/v1/slos", editor, slo(0.999));
    expect(200, "PUT", "/api/v1/slos/snap-slo", editor, slo(0.99));
    expect(201, "POST", "/api/v1/channels", editor, hook("Ops", HOOK_SECRET));
    expect(200, "PUT", "/api/v1/channels/snap-hook", editor, hook("Ops 2", ROTATED_SECRET));
    expect(204, "DELETE", "/api/v1/slos/snap-slo", editor, null);
    String keySecret =
        Json.MAPPER
            .readTree(expect(201, "POST", "/api/v1/keys", admin, "{\"name\":\"ci\"}"))
            .get("key")
            .asText();
    String inviteUrl =
        Json.MAPPER
            .readTree(
                expect(
                    201,
                    "POST",
                    "/api/v1/invites",
                    admin,
                    "{\"email\":\"snap-" + it.suffix + "@example.com\",\"role\":\"VIEWER\"}"))
            .get("inviteUrl")
            .asText();
    String inviteToken = inviteUrl.substring(inviteUrl.lastIndexOf('/') + 1);
    HttpResponse<String> accepted =
        it.call(
            it.service,
            "POST",
            "/api/v1/invites/" + inviteToken + "/accept",
            Caller.ANONYMOUS,
            "{\"name\":\"Invited\",\"password\":\"" + NEW_PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    String session = accepted.headers().firstValue("Set-Cookie").orElseThrow().split("[=;]")[1];

    await().atMost(Duration.ofSeconds(20)).until(() -> AuditIT.eventsOf(tenant).size() >= 9);
    List<AuditEvent> events = AuditIT.eventsOf(tenant);
    AuditRows.store(it.database, tenant, events);

    JsonNode sloUpdate = only(admin, "PUT /api/v1/slos/{id}", "id=snap-slo");
    assertThat(sloUpdate.get("outcome").asInt()).isEqualTo(200);
    JsonNode before = Json.MAPPER.readTree(sloUpdate.get("before").asText());
    JsonNode after = Json.MAPPER.readTree(sloUpdate.get("after").asText());
    assertThat(before.get("id").asText()).isEqualTo("snap-slo");
    assertThat(before.get("objective").asDouble()).isEqualTo(0.999);
    assertThat(after.get("objective").asDouble()).isEqualTo(0.99);
    assertThat(after.get("tenantId").asText()).isEqualTo(tenant);

    JsonNode sloCreate = only(admin, "POST /api/v1/slos", "");
    assertThat(sloCreate.get("before").isNull()).isTrue();
    assertThat(Json.MAPPER.readTree(sloCreate.get("after").asText()).get("objective").asDouble())
        .isEqualTo(0.999);
    JsonNode sloDelete = only(admin, "DELETE /api/v1/slos/{id}", "id=snap-slo");
    assertThat(Json.MAPPER.readTree(sloDelete.get("before").asText()).get("objective").asDouble())
        .isEqualTo(0.99);
    assertThat(sloDelete.get("after").isNull()).isTrue();

    JsonNode channelUpdate = only(admin, "PUT /api/v1/channels/{id}", "id=snap-hook");
    JsonNode hookBefore = Json.MAPPER.readTree(channelUpdate.get("before").asText());
    JsonNode hookAfter = Json.MAPPER.readTree(channelUpdate.get("after").asText());
    assertThat(hookBefore.get("name").asText()).isEqualTo("Ops");
    assertThat(hookAfter.get("name").asText()).isEqualTo("Ops 2");
    assertThat(hookAfter.get("type").asText()).isEqualTo("WEBHOOK");
    assertThat(hookAfter.get("sealedSecrets").asText()).isEqualTo("(redacted)");

    JsonNode keyIssued = only(admin, "POST /api/v1/keys", "");
    JsonNode keyAfter = Json.MAPPER.readTree(keyIssued.get("after").asText());
    assertThat(keyAfter.get("keyId").asText()).isEqualTo(ApiKeyToken.parse(keySecret).keyId());
    assertThat(keyAfter.get("secretSha256").asText()).isEqualTo("(redacted)");

    JsonNode accept = only(admin, "POST /api/v1/invites/{token}/accept", "");
    assertThat(accept.get("after").asText()).contains("users:").contains("memberships:");

    // no secret in any row, as the API answers it in JSON and in CSV
    String json = it.call(it.service, "GET", "/api/v1/audit?limit=1000", admin, null).body();
    String csv =
        it.call(it.service, "GET", "/api/v1/audit?limit=1000&format=csv", admin, null).body();
    assertThat(Json.MAPPER.readTree(json).get("items")).hasSize(events.size());
    assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",before,after");
    assertThat(csv).contains("\"\"objective\"\":0.99");
    List<String> secrets = new ArrayList<>(sealedChannelSecrets(tenant));
    assertThat(secrets).isNotEmpty();
    secrets.addAll(
        List.of(
            HOOK_SECRET,
            ROTATED_SECRET,
            keySecret,
            ApiKeyToken.parse(keySecret).secretSha256(),
            editor.bearer(),
            inviteToken,
            NEW_PASSWORD,
            IdentityItServer.PASSWORD,
            session,
            admin.session(),
            admin.csrf(),
            passwordHash(adminEmail),
            passwordHash("snap-" + it.suffix + "@example.com")));
    for (String secret : secrets) {
      assertThat(json).as("audit rows hold a secret").doesNotContain(secret);
      assertThat(csv).as("audit rows hold a secret").doesNotContain(secret);
    }
  }

  /** The single row of {@code action} on {@code object} the API lists. */
  private static JsonNode only(Caller admin, String action, String object) throws Exception {
    String query =
        "/api/v1/audit?action="
            + URLEncoder.encode(action, StandardCharsets.UTF_8)
            + (object.isEmpty()
                ? ""
                : "&object=" + URLEncoder.encode(object, StandardCharsets.UTF_8));
    HttpResponse<String> r = it.call(it.service, "GET", query, admin, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode items = Json.MAPPER.readTree(r.body()).get("items");
    assertThat(items).as(action + " " + object).hasSize(1);
    return items.get(0);
  }

  private static String expect(int status, String method, String path, Caller c, String body)
      throws Exception {
    HttpResponse<String> r = it.call(it.service, method, path, c, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return r.body();
  }

  private static String passwordHash(String email) {
    return it.service.identity().directory().userByEmail(email).orElseThrow().passwordHash();
  }

  /** The sealed secrets of the tenant's channels as the topic holds them. */
  private static List<String> sealedChannelSecrets(String tenant) throws Exception {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.CONTROL_CHANNELS)) {
      if (r.key().startsWith(tenant + "|") && r.value() != null && r.value().length > 0) {
        out.addAll(Json.MAPPER.readValue(r.value(), ChannelRecord.class).sealedSecrets().values());
      }
    }
    return out;
  }
}
