package io.obsera.streams;

/** Runs the topology and the ClickHouse writer alone (distributed mode). */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    StreamsServiceConfig config;
    try {
      config = StreamsServiceConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera streams-topology: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamsService service = new StreamsService(config);
    service.migrate();
    service.start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    Thread.currentThread().join();
  }
}
