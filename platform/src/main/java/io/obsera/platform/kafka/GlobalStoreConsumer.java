package io.obsera.platform.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The consumer of an application's global stores: a Kafka consumer that is replaced by a new one
 * when it is assigned new partitions after a poll, so that a long {@code fetch.max.wait.ms} costs
 * nothing at start.
 *
 * <p>Kafka Streams restores the global stores one after another with this one consumer, each by
 * assigning the store's partition and polling up to its end offset. After the last records of a
 * store the consumer already has the next fetch in flight (it pipelines fetches), and it sends no
 * fetch to a broker that has one in flight: the next store's restore would wait for that empty
 * fetch, up to {@code fetch.max.wait.ms} per store (0.5 s each at Kafka's default, 2 s each at
 * ours). A new consumer has no fetch in flight; the old one is closed without waiting for its fetch
 * (so is the last one, at a stop: a global consumer has no offsets to commit nor group to leave,
 * and a close that waits would wait for the held fetch first). At idle the one consumer of the
 * running global thread is kept, so the long wait spaces its empty fetches (the reason for it).
 */
final class GlobalStoreConsumer implements InvocationHandler {
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private volatile Consumer<byte[], byte[]> current;
  private boolean polledSinceAssign;

  private GlobalStoreConsumer(Supplier<Consumer<byte[], byte[]>> consumers) {
    this.consumers = consumers;
    this.current = consumers.get();
  }

  /** A consumer backed by one from {@code consumers}, replaced as described above. */
  @SuppressWarnings("unchecked")
  static Consumer<byte[], byte[]> create(Supplier<Consumer<byte[], byte[]>> consumers) {
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            GlobalStoreConsumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            new GlobalStoreConsumer(consumers));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "GlobalStoreConsumer(" + current + ")";
      case "assign":
        replaceIfFetchMayBeInFlight();
        break;
      case "poll":
        polledSinceAssign = true;
        break;
      case "close":
        // nothing to commit or leave; the default close waits for the held fetch first
        closeAtOnce(current);
        return null;
      default:
        break;
    }
    try {
      return method.invoke(current, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void replaceIfFetchMayBeInFlight() {
    if (!polledSinceAssign) {
      return;
    }
    closeAtOnce(current);
    current = consumers.get();
    polledSinceAssign = false;
  }

  private static void closeAtOnce(Consumer<byte[], byte[]> consumer) {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }
}
