package io.obsera.query.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs the independent ClickHouse reads of one answer at once (a trace's spans, logs and points; a
 * timeline's kinds of items): each is a small indexed read, so the answer takes about as long as
 * the slowest instead of their sum. A task must not wait for another task of this pool.
 */
public final class Lookups {
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "obsera-lookup");
            t.setDaemon(true);
            return t;
          });

  private Lookups() {}

  public static <T> CompletableFuture<T> async(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, POOL);
  }

  /** The read's result; its own exception (e.g. a ClickHouse error) when it failed. */
  public static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
