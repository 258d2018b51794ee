package io.obsera.query;

/** Runs the query service alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    QueryConfig config;
    try {
      config = QueryConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera query-service: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    QueryService service = new QueryService(config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    System.out.println("obsera query-service: API on " + config.bindHost() + ":" + service.port());
    Thread.currentThread().join();
  }
}
