package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.platform.control.ControlTrust;
import io.obsera.testing.TestControlKeys;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {
  static Map<String, String> valid() {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_KAFKA_BOOTSTRAP", "k:9092");
    env.put(
        ControlTrust.SIGNING_KEY_ENV,
        ControlTrust.encodePrivate(TestControlKeys.pair().getPrivate()));
    env.put("OBSERA_CLICKHOUSE_URL", "http://ch:8123");
    env.put("OBSERA_ADMIN_TOKEN", "x".repeat(24));
    env.put("OBSERA_SECRET_KEY", KEY);
    return env;
  }

  static final String KEY = io.obsera.platform.crypto.SecretBox.newKeyBase64();

  @Test
  void should_requireA32ByteSecretKey_namingTheVariable() {
    io.obsera.platform.crypto.SecretBox expected =
        io.obsera.platform.crypto.SecretBox.fromBase64("OBSERA_SECRET_KEY", KEY);
    assertThat(QueryConfig.fromEnv(valid()).secretKey().keyId()).isEqualTo(expected.keyId());
    assertThat(QueryConfig.fromEnv(valid()).toString()).doesNotContain(KEY);
    Map<String, String> missing = valid();
    missing.remove("OBSERA_SECRET_KEY");
    assertThatThrownBy(() -> QueryConfig.fromEnv(missing))
        .hasMessageStartingWith("OBSERA_SECRET_KEY is required");
    Map<String, String> shortKey = valid();
    shortKey.put("OBSERA_SECRET_KEY", "c2hvcnQ=");
    assertThatThrownBy(() -> QueryConfig.fromEnv(shortKey))
        .hasMessageContaining("OBSERA_SECRET_KEY must decode to 32 bytes");
    Map<String, String> notBase64 = valid();
    notBase64.put("OBSERA_SECRET_KEY", "not base64 at all!");
    assertThatThrownBy(() -> QueryConfig.fromEnv(notBase64))
        .hasMessageContaining("OBSERA_SECRET_KEY must be base64");
  }

  @Test
  void should_buildFromEnvironment_withDefaults() {
    QueryConfig c = QueryConfig.fromEnv(valid());
    assertThat(c.apiPort()).isEqualTo(8080);
    assertThat(c.clickHouse().database()).isEqualTo("obsera");
    assertThat(c.toString()).doesNotContain("x".repeat(24));
  }

  @Test
  void should_nameTheVariable_whenMissingOrInvalid() {
    Map<String, String> env = valid();
    env.remove("OBSERA_ADMIN_TOKEN");
    assertThatThrownBy(() -> QueryConfig.fromEnv(env)).hasMessageContaining("OBSERA_ADMIN_TOKEN");
    Map<String, String> badUrl = valid();
    badUrl.put("OBSERA_CLICKHOUSE_URL", "ch:8123");
    assertThatThrownBy(() -> QueryConfig.fromEnv(badUrl))
        .hasMessageContaining("OBSERA_CLICKHOUSE_URL");
    Map<String, String> badDb = valid();
    badDb.put("OBSERA_CLICKHOUSE_DATABASE", "a;DROP");
    assertThatThrownBy(() -> QueryConfig.fromEnv(badDb))
        .hasMessageContaining("OBSERA_CLICKHOUSE_DATABASE");
  }

  @Test
  void should_readTheTargetAllowlist_andNameTheVariable_whenBad() throws Exception {
    java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
    assertThat(QueryConfig.fromEnv(valid()).targetGuard().isAllowed(loopback)).isFalse();
    Map<String, String> allow = valid();
    allow.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    assertThat(QueryConfig.fromEnv(allow).targetGuard().isAllowed(loopback)).isTrue();
    Map<String, String> bad = valid();
    bad.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8,localhost");
    assertThatThrownBy(() -> QueryConfig.fromEnv(bad))
        .hasMessageContaining("OBSERA_TARGET_ALLOWLIST")
        .hasMessageContaining("localhost");
  }
}
