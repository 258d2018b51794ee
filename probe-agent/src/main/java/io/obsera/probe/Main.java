package io.obsera.probe;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -cp 'lib/*' io.obsera.probe.Main}: one agent configured from the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    ProbeAgentConfig config;
    try {
      config = ProbeAgentConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("probe-agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    ProbeAgent agent = new ProbeAgent(config, Clock.systemUTC()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                }));
    System.out.println("probe-agent " + config + " started");
    stopped.await();
  }
}
