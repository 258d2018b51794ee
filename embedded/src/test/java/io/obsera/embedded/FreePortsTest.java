package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  static final String HOST = "127.0.0.1";

  @Test
  void should_tryAnotherPort_whenTheOfferedOneIsTakenBeforeItIsChecked() throws Exception {
    try (ServerSocket busy = listen()) {
      int free = FreePorts.resolve(HOST, 0);
      Deque<Integer> offers = new ArrayDeque<>(List.of(busy.getLocalPort(), free));

      int port = FreePorts.claim("Kafka controller", HOST, 0, Set.of(), offers::pop);

      assertThat(port).isEqualTo(free);
      assertThat(offers).isEmpty();
    }
  }

  @Test
  void should_skipPortsTheServerAlreadyUses() {
    int first = FreePorts.resolve(HOST, 0);
    int second = FreePorts.resolve(HOST, 0);
    Deque<Integer> offers = new ArrayDeque<>(List.of(first, second));

    assertThat(FreePorts.claim("Kafka controller", HOST, 0, Set.of(first), offers::pop))
        .isEqualTo(second);
  }

  @Test
  void should_failNamingTheConfiguredPort_whenItIsInUse() throws Exception {
    try (ServerSocket busy = listen()) {
      int port = busy.getLocalPort();
      assertThatThrownBy(
              () ->
                  FreePorts.claim("Kafka", HOST, port, Set.of(), () -> FreePorts.resolve(HOST, 0)))
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessageContaining("Kafka port " + port + " on 127.0.0.1 is already in use");
    }
  }

  @Test
  void should_giveUpNamingTheListener_whenEveryOfferedPortIsTaken() throws Exception {
    try (ServerSocket busy = listen()) {
      assertThatThrownBy(
              () -> FreePorts.claim("ClickHouse HTTP", HOST, 0, Set.of(), busy::getLocalPort))
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessageContaining("no free ClickHouse HTTP port on 127.0.0.1 after 10 tries");
    }
  }

  private static ServerSocket listen() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
    return socket;
  }
}
