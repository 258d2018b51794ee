package io.obsera.query.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Holds requests back while a server they need is briefly away, so that clients wait inside the
 * service instead of failing: standalone closes the gate while its embedded ClickHouse restarts
 * (for new tenant readers, or after the process died) and opens it when the server serves again. A
 * planned restart first waits, up to a bound, for the requests in flight to finish. A request that
 * still finds the gate closed after {@code maxWait} is answered 503 with {@code Retry-After},
 * naming why. Liveness, readiness and metrics are never held: they must say what is happening.
 */
public final class RequestGate {
  private static final Set<String> NEVER_HELD = Set.of("/health", "/ready", "/metrics");
  private static final String ENTERED = "obsera.gate.entered";

  private final Duration maxWait;
  private final Object lock = new Object();
  private String closedBecause;
  private int inFlight;

  /**
   * @param maxWait how long a request waits for a closed gate before it is answered 503
   */
  public RequestGate(Duration maxWait) {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    this.maxWait = maxWait;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.before(this::enter);
    cfg.routes.after(this::exit);
  }

  /** Holds new requests back from now on, naming why (shown in a 503 if the wait runs out). */
  public void close(String why) {
    synchronized (lock) {
      closedBecause = why;
    }
  }

  /**
   * Waits up to {@code bound} for the requests already inside to finish.
   *
   * @return how many were still inside when the bound ran out (0: drained)
   */
  public int drain(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return inFlight;
    }
  }

  /** Lets held and new requests through. */
  public void open() {
    synchronized (lock) {
      closedBecause = null;
      lock.notifyAll();
    }
  }

  public boolean isOpen() {
    synchronized (lock) {
      return closedBecause == null;
    }
  }

  /** Requests inside the gate now. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  private void enter(Context ctx) throws InterruptedException {
    if (NEVER_HELD.contains(ctx.path())) {
      return;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    synchronized (lock) {
      while (closedBecause != null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ApiException(
              503,
              "unavailable",
              "not answered within " + maxWait.toSeconds() + " s: " + closedBecause,
              5);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      inFlight++;
    }
    ctx.attribute(ENTERED, Boolean.TRUE);
  }

  private void exit(Context ctx) {
    if (ctx.attribute(ENTERED) == null) {
      return;
    }
    ctx.attribute(ENTERED, null);
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }
}
