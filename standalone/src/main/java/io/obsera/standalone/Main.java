package io.obsera.standalone;

import io.obsera.platform.service.ServiceLauncher;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * {@code ./obsera up}: starts the standalone runtime in the foreground ({@code backup DIR} and
 * {@code restore DIR}: {@link BackupCommand}). Ctrl-C or SIGTERM stops every component (the
 * embedded ClickHouse child process included). Exit code 1 when a stage fails, 2 on a configuration
 * error.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    StandaloneConfig config =
        ServiceLauncher.of("obsera", System.getenv()).config(StandaloneConfig::fromEnv);
    if (BackupCommand.handles(args)) {
      System.exit(BackupCommand.run(java.util.List.of(args), config, out, System.err));
      return;
    }
    System.setProperty("java.io.tmpdir", config.dataDir().resolve("tmp").toString());
    try {
      Standalone.privateDataDir(config.dataDir());
    } catch (java.io.IOException e) {
      System.err.println("obsera: cannot prepare data directory " + config.dataDir() + ": " + e);
      System.exit(1);
      return;
    }
    // the broker runs in this JVM: when it gives up (a failed log directory, a fatal metadata
    // error) it ends the process through Kafka's Exit (kafka-clients internals, the only hook
    // the broker offers); say that it was the broker
    Exit.setHaltProcedure((status, message) -> brokerExit(status, message, true));
    Exit.setExitProcedure((status, message) -> brokerExit(status, message, false));
    long t0 = System.nanoTime();
    out.println("Obsera starting, data in " + config.dataDir());
    Standalone standalone;
    try {
      standalone = Standalone.start(config, out, java.time.Clock.systemUTC(), Main::fatal);
    } catch (StageFailedException e) {
      System.err.println("obsera: start-up failed at stage " + e.stage() + ": " + e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      System.err.println("obsera: start-up failed: " + e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Obsera stopping...");
                  standalone.close();
                  out.println("Obsera stopped.");
                  stopped.countDown();
                },
                "obsera-shutdown"));
    out.printf("Obsera is ready (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    ReadyBanner.print(out, config, standalone);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A part this process cannot heal (the in-JVM Kafka broker stopped, the embedded ClickHouse does
   * not come back): exit 1 naming it, so a process supervisor restarts Obsera instead of it running
   * half alive. From a thread of its own: the shutdown hook stops the part that called.
   */
  static void fatal(String reason) {
    System.err.println(
        "obsera: " + reason + "; exiting (status 1) so that a process supervisor restarts Obsera");
    new Thread(() -> System.exit(1), "obsera-fatal-exit").start();
  }

  private static void brokerExit(int status, String message, boolean halt) {
    System.err.println(
        "obsera: the embedded Kafka broker ended the process (status "
            + status
            + (message == null ? "" : ": " + message)
            + ")");
    if (halt) {
      Runtime.getRuntime().halt(status == 0 ? 1 : status);
    }
    fatal("the embedded Kafka broker failed");
  }
}
