package io.obsera.ingest;

/** Runs the ingest bridge alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    IngestConfig config;
    try {
      config = IngestConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera ingest-bridge: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    IngestService service = new IngestService(config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    System.out.println("obsera ingest-bridge: OTLP/HTTP on " + config.bindHost() + ":" + service.otlpHttpPort());
    Thread.currentThread().join();
  }
}
