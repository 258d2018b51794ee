package io.obsera.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.ConfigSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ServiceLauncherTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final List<Integer> exits = new ArrayList<>();
  final List<Thread> hooks = new ArrayList<>();

  ServiceLauncher launcher(Map<String, String> env) {
    return launcher(env, hooks::add);
  }

  ServiceLauncher launcher(Map<String, String> env, Consumer<Thread> shutdownHooks) {
    return new ServiceLauncher(
        "obsera test-service",
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        exits::add,
        shutdownHooks);
  }

  @Test
  void should_returnTheConfig_whenTheEnvironmentIsValid() {
    int port = launcher(Map.of("OBSERA_PORT", "8080")).config(e -> port(e));

    assertThat(port).isEqualTo(8080);
    assertThat(exits).isEmpty();
    assertThat(text(err)).isEmpty();
  }

  @Test
  void should_printTheVariable_andExitWith2_whenTheConfigIsBad() {
    ServiceLauncher launcher = launcher(Map.of("OBSERA_PORT", "eighty"));

    assertThatThrownBy(() -> launcher.config(e -> port(e)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exit(2) returned");
    assertThat(exits).containsExactly(2);
    assertThat(text(err))
        .isEqualTo(
            "obsera test-service: configuration error: OBSERA_PORT must be an integer, got"
                + " 'eighty'"
                + System.lineSeparator());
    assertThat(text(out)).isEmpty();
  }

  @Test
  void should_notCatchOtherFailures_whenReadingTheConfig() {
    ServiceLauncher launcher = launcher(Map.of());

    assertThatThrownBy(
            () ->
                launcher.config(
                    e -> {
                      throw new IllegalStateException("disk on fire");
                    }))
        .hasMessage("disk on fire");
    assertThat(exits).isEmpty();
  }

  @Test
  void should_treatABadPartitionCount_asAConfigurationError_beforeContactingKafka() {
    ServiceLauncher launcher = launcher(Map.of(ServiceLauncher.PARTITIONS_ENV, "many"));

    // nothing listens there: had the call got as far as Kafka it would fail otherwise, and later
    assertThatThrownBy(() -> launcher.ensureTopics("127.0.0.1:1", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exit(2) returned");
    assertThat(exits).containsExactly(2);
    assertThat(text(err))
        .contains("obsera test-service: configuration error: OBSERA_KAFKA_PARTITIONS must be an");
  }

  @Test
  void should_printTheBanner_closeTheServiceInTheHook_andReturnOnceClosed() throws Exception {
    AtomicInteger closed = new AtomicInteger();
    ServiceLauncher launcher =
        launcher(
            Map.of(),
            hook -> {
              hooks.add(hook);
              hook.run(); // the JVM shutting down at once
            });

    launcher.runUntilShutdown(closed::incrementAndGet, "API on 127.0.0.1:8080");

    assertThat(closed).hasValue(1);
    assertThat(hooks).singleElement().extracting(Thread::getName).isEqualTo("shutdown");
    assertThat(text(out))
        .isEqualTo("obsera test-service: API on 127.0.0.1:8080" + System.lineSeparator());
    assertThat(exits).isEmpty();
  }

  @Test
  void should_reportAFailedClose_andStillReturn() throws Exception {
    ServiceLauncher launcher = launcher(Map.of(), Thread::run);

    launcher.runUntilShutdown(
        () -> {
          throw new IllegalStateException("stuck");
        },
        "running");

    assertThat(text(err))
        .startsWith("obsera test-service: error while stopping: java.lang.IllegalStateException");
  }

  private static int port(Map<String, String> env) {
    return ConfigSupport.intVar(env, "OBSERA_PORT", 1);
  }

  private static String text(ByteArrayOutputStream s) {
    return s.toString(StandardCharsets.UTF_8);
  }
}
