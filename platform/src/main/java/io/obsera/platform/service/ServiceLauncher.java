package io.obsera.platform.service;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The start-up every service {@code Main} shares: the configuration from the environment (a bad
 * value prints {@code <service>: configuration error: <message naming the variable>} and exits with
 * {@link #CONFIG_ERROR}), the Obsera topics, and once the service runs a shutdown hook that closes
 * it, a one-line banner saying what runs where, and a wait until shutdown.
 *
 * <p>{@code Main} reads the environment and hands it over; the exit, the shutdown hooks and the
 * streams printed to are injected so the logic is testable without ending the JVM.
 */
public final class ServiceLauncher {
  /** Exit code of a configuration error. */
  public static final int CONFIG_ERROR = 2;

  /** Partitions of the topics a service creates when they are missing. */
  public static final String PARTITIONS_ENV = "OBSERA_KAFKA_PARTITIONS";

  static final int DEFAULT_PARTITIONS = 3;

  private final String name;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final IntConsumer exit;
  private final Consumer<Thread> shutdownHooks;

  ServiceLauncher(
      String name,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      IntConsumer exit,
      Consumer<Thread> shutdownHooks) {
    this.name = name;
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.exit = exit;
    this.shutdownHooks = shutdownHooks;
  }

  /**
   * The launcher of {@code name} (e.g. {@code obsera ingest-bridge}, the prefix of every line it
   * prints) on {@code env}: prints to standard out and err, exits the JVM, hooks into its shutdown.
   */
  public static ServiceLauncher of(String name, Map<String, String> env) {
    return new ServiceLauncher(
        name, env, System.out, System.err, System::exit, Runtime.getRuntime()::addShutdownHook);
  }

  /**
   * What {@code fromEnv} reads from the environment. An {@link IllegalArgumentException} (whose
   * message names the variable) is a configuration error: printed, then the process exits with
   * {@link #CONFIG_ERROR}; this method does not return then.
   */
  public <C> C config(Function<Map<String, String>, C> fromEnv) {
    try {
      return fromEnv.apply(env);
    } catch (IllegalArgumentException e) {
      err.println(name + ": configuration error: " + e.getMessage());
      exit.accept(CONFIG_ERROR);
      throw new IllegalStateException("exit(" + CONFIG_ERROR + ") returned", e);
    }
  }

  /**
   * Creates the Obsera topics that are missing, with {@code OBSERA_KAFKA_PARTITIONS} partitions
   * (default 3; a bad value is a configuration error). Idempotent: whichever service starts first
   * creates them (auto-creation stays off).
   */
  public void ensureTopics(String bootstrap, Map<String, String> kafkaOverrides) {
    int partitions = config(e -> ConfigSupport.intVar(e, PARTITIONS_ENV, DEFAULT_PARTITIONS));
    TopicProvisioner.ensure(bootstrap, kafkaOverrides, Topics.all(partitions));
  }

  /**
   * Hands the started {@code service} to a shutdown hook that closes it, prints {@code <service>:
   * <where>} and returns once the hook has closed it.
   */
  public void runUntilShutdown(AutoCloseable service, String where) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    shutdownHooks.accept(new Thread(() -> stop(service, stopped), "shutdown"));
    out.println(name + ": " + where);
    stopped.await();
  }

  private void stop(AutoCloseable service, CountDownLatch stopped) {
    try {
      service.close();
    } catch (Exception e) {
      err.println(name + ": error while stopping: " + e);
      e.printStackTrace(err);
    } finally {
      stopped.countDown();
    }
  }
}
