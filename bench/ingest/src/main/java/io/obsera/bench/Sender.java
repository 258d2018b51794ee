package io.obsera.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one pre-encoded export request and waits for the answer. Shared by all sender threads.
 * {@link #ownsThread} tells the client's threads (sender threads and the client library's own) from
 * the server's, so that their CPU time counts as the client's.
 */
public interface Sender extends AutoCloseable {
  String THREAD_PREFIX = "bench-client-";

  /** Null when the export was fully accepted, otherwise what went wrong (status and body). */
  String send(byte[] body);

  /**
   * Whether this thread belongs to the client side: by default, threads named {@link
   * #THREAD_PREFIX}.
   */
  default boolean ownsThread(long threadId, String name) {
    return name.startsWith(THREAD_PREFIX);
  }

  @Override
  void close();

  static ThreadFactory threads(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, THREAD_PREFIX + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
