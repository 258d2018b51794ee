package io.obsera.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The disk check asks the brokers every beat while ingest takes data, rarely while it is idle. */
class BrokerDiskMonitorTest {
  private static final Duration IDLE = Duration.ofSeconds(60);

  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  // an admin whose every call counts and fails: the monitor then keeps its last answer
  private final Admin admin =
      (Admin)
          Proxy.newProxyInstance(
              Admin.class.getClassLoader(),
              new Class<?>[] {Admin.class},
              (proxy, method, args) -> {
                if (method.getName().equals("describeCluster")) {
                  asked.incrementAndGet();
                }
                throw new IllegalStateException("no broker here");
              });
  private final BrokerDiskMonitor monitor = new BrokerDiskMonitor(admin, 0.05, IDLE, now::get);

  @Test
  void should_askEveryBeat_whileIngestTakesData() {
    for (int beat = 0; beat < 4; beat++) {
      monitor.problem();
      beat();
    }

    assertThat(asked).hasValue(4);
  }

  @Test
  void should_askOncePerIdleInterval_whileNothingComes() {
    beat(); // the first check, at start
    for (int beat = 0; beat < 11; beat++) {
      beat(); // 5 s each: 55 s
    }
    assertThat(asked).as("checks in the first 55 idle seconds").hasValue(1);

    beat(); // 60 s
    assertThat(asked).hasValue(2);
  }

  @Test
  void should_askAtTheNextBeat_whenDataComesAfterAnIdleSpell() {
    beat();
    beat();
    beat();
    assertThat(asked).hasValue(1);

    monitor.problem();
    beat();

    assertThat(asked).hasValue(2);
  }

  private void beat() {
    monitor.tick();
    now.addAndGet(Duration.ofSeconds(5).toNanos());
  }
}
