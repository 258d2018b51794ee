package io.obsera.embedded;

/**
 * When a broker request handler pool runs its full size and when one thread: {@link
 * HandlerPoolSizer} tells it after each sample how long the pool's threads were idle on average
 * during the sample.
 *
 * <p>Two sizes only. A pool at its idle size whose threads were busy at least {@value
 * #GROW_AT_BUSY} of a sample grows to its full size at once (a burst wants every handler now). A
 * full pool shrinks to its idle size after a window of {@code shrinkAfterNanos} in which its work
 * would have kept less than {@value #SHRINK_BELOW_BUSY_THREADS} of one thread busy; a busier window
 * starts a new one. On the one thread left that work keeps it at most 25% busy, well below the
 * growth mark, so the pool does not flap.
 *
 * <p>A handler reports its idle time only when its wait ends (at most 300 ms later), so a sample
 * can miss up to 300 ms of each thread's idle time: the growth mark allows that over samples of a
 * second or more, and the shrink decision is taken over the whole window (30 s by default), not per
 * sample.
 */
final class HandlerPoolPolicy {
  static final double GROW_AT_BUSY = 0.5;
  static final double SHRINK_BELOW_BUSY_THREADS = 0.25;

  private final int idleSize;
  private final int fullSize;
  private final long shrinkAfterNanos;
  private long windowIdle;
  private long windowElapsed;

  HandlerPoolPolicy(int idleSize, int fullSize, long shrinkAfterNanos) {
    if (idleSize < 1 || fullSize < idleSize) {
      throw new IllegalArgumentException(
          "pool sizes must satisfy 1 <= idle <= full: " + idleSize + ", " + fullSize);
    }
    this.idleSize = idleSize;
    this.fullSize = fullSize;
    this.shrinkAfterNanos = shrinkAfterNanos;
  }

  /**
   * The size the pool should have after a sample of {@code elapsedNanos} in which its {@code size}
   * threads were idle {@code idleNanos} on average.
   */
  int next(int size, long idleNanos, long elapsedNanos) {
    if (elapsedNanos <= 0) {
      return size;
    }
    if (size < fullSize) {
      windowIdle = 0;
      windowElapsed = 0;
      return busyShare(idleNanos, elapsedNanos) >= GROW_AT_BUSY ? fullSize : size;
    }
    windowIdle += idleNanos;
    windowElapsed += elapsedNanos;
    if (windowElapsed < shrinkAfterNanos) {
      return size;
    }
    double busyThreads = busyShare(windowIdle, windowElapsed) * size;
    windowIdle = 0;
    windowElapsed = 0;
    return busyThreads < SHRINK_BELOW_BUSY_THREADS ? idleSize : size;
  }

  private static double busyShare(long idleNanos, long elapsedNanos) {
    return Math.max(0, Math.min(1, 1 - (double) idleNanos / elapsedNanos));
  }
}
