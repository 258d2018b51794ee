package io.obsera.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeAgentConfigTest {
  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_PROBE_REGION", "eu-west");
    env.put("OBSERA_PROBE_KEY", "obsera_key");
    env.put("OBSERA_API_URL", "https://obsera.example/");
    env.put("OBSERA_INGEST_URL", "https://ingest.example:4318");
    return env;
  }

  @Test
  void should_applyDefaults() {
    ProbeAgentConfig c = ProbeAgentConfig.fromEnv(env());
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.apiUrl().toString()).isEqualTo("https://obsera.example");
    assertThat(c.agentName()).endsWith("-eu-west");
    assertThat(c.refreshMs()).isEqualTo(15_000);
    assertThat(c.bufferMax()).isEqualTo(100_000);
    assertThat(c.guard().isAllowed(java.net.InetAddress.getLoopbackAddress())).isFalse();
  }

  @Test
  void should_readEverySetting() {
    Map<String, String> env = env();
    env.put("OBSERA_PROBE_AGENT_NAME", "probe-7");
    env.put("OBSERA_PROBE_REFRESH_MS", "2000");
    env.put("OBSERA_PROBE_BUFFER_MAX", "50");
    env.put("OBSERA_PROBE_BATCH_MAX", "20");
    env.put("OBSERA_PROBE_RETRY_MAX_MS", "5000");
    env.put("OBSERA_PROBE_WORKERS", "4");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    ProbeAgentConfig c = ProbeAgentConfig.fromEnv(env);
    assertThat(c.agentName()).isEqualTo("probe-7");
    assertThat(c.refreshMs()).isEqualTo(2_000);
    assertThat(c.bufferMax()).isEqualTo(50);
    assertThat(c.batchMax()).isEqualTo(20);
    assertThat(c.retryMaxMs()).isEqualTo(5_000);
    assertThat(c.workers()).isEqualTo(4);
    assertThat(c.guard().isAllowed(java.net.InetAddress.getLoopbackAddress())).isTrue();
  }

  @Test
  void should_nameTheVariable_whenABadValueIsGiven() {
    assertFails("OBSERA_PROBE_REGION", null, "OBSERA_PROBE_REGION is required");
    assertFails("OBSERA_PROBE_REGION", "EU West!", "OBSERA_PROBE_REGION must be");
    assertFails("OBSERA_PROBE_KEY", " ", "OBSERA_PROBE_KEY is required");
    assertFails("OBSERA_API_URL", "ftp://x", "OBSERA_API_URL must be an http or https URL");
    assertFails("OBSERA_INGEST_URL", null, "OBSERA_INGEST_URL is required");
    assertFails(
        "OBSERA_PROBE_REFRESH_MS", "soon", "OBSERA_PROBE_REFRESH_MS must be a whole number");
    assertFails("OBSERA_PROBE_REFRESH_MS", "10", "OBSERA_PROBE_REFRESH_MS must be between");
    assertFails("OBSERA_PROBE_BUFFER_MAX", "0", "OBSERA_PROBE_BUFFER_MAX must be at least 1");
    assertFails("OBSERA_TARGET_ALLOWLIST", "localhost", "OBSERA_TARGET_ALLOWLIST: 'localhost'");
  }

  static void assertFails(String name, String value, String message) {
    Map<String, String> env = env();
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    assertThatThrownBy(() -> ProbeAgentConfig.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
