package io.obsera.probe;

import io.obsera.platform.service.ServiceLauncher;
import java.time.Clock;

/** {@code java -cp 'lib/*' io.obsera.probe.Main}: one agent configured from the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera probe-agent", System.getenv());
    ProbeAgentConfig config = launcher.config(ProbeAgentConfig::fromEnv);
    ProbeAgent agent = new ProbeAgent(config, Clock.systemUTC()).start();
    launcher.runUntilShutdown(
        agent,
        "probing from "
            + config.region()
            + " as "
            + config.agentName()
            + ", assignments from "
            + config.apiUrl()
            + ", results to "
            + config.ingestUrl());
  }
}
