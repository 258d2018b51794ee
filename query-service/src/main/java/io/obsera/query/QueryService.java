package io.obsera.query;

/**
 * The old name of {@link QueryServer}, kept for {@link Main} only: Main is being moved onto the
 * shared launcher in another change, which should use {@link QueryServer}; delete this class then.
 *
 * @deprecated use {@link QueryServer}
 */
@Deprecated
final class QueryService implements AutoCloseable {
  private final QueryServer server;

  QueryService(QueryConfig config) {
    this.server = new QueryServer(config);
  }

  QueryService start() throws InterruptedException {
    server.start();
    return this;
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
