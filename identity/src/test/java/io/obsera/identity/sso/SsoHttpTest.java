package io.obsera.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.obsera.identity.IdentityException;
import io.obsera.platform.net.TargetGuard;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The back channel's SSRF rule holds for IP literals too, which OkHttp never resolves. */
class SsoHttpTest {
  HttpServer server;
  final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        x -> {
          hits.incrementAndGet();
          byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url(String host) {
    return "http://" + host + ":" + server.getAddress().getPort() + "/.well-known/jwks.json";
  }

  @Test
  void should_refuseLoopbackIpLiterals_beforeAnyRequest_underTheStrictRule() {
    SsoHttp http = new SsoHttp(TargetGuard.strict());
    for (String host : new String[] {"127.0.0.1", "[::ffff:127.0.0.1]", "localhost"}) {
      assertThatThrownBy(() -> http.get(url(host), Map.of()))
          .as(host)
          .isInstanceOf(IdentityException.class)
          .hasMessageContaining("could not be used");
    }
    assertThat(hits).hasValue(0);
  }

  @Test
  void should_reachLoopback_whenTheOperatorAllowedIt() {
    SsoHttp http = new SsoHttp(TargetGuard.allowing("127.0.0.0/8", "OBSERA_TARGET_ALLOWLIST"));
    assertThat(http.get(url("127.0.0.1"), Map.of()).status()).isEqualTo(200);
    assertThat(hits).hasValue(1);
  }
}
