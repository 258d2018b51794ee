package io.obsera.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashes (PHC strings) computed on a bounded pool: {@code threads} at once and at
 * most {@code 4 x threads} waiting; past that a request is refused at once ({@link
 * IdentityException.Kind#BUSY}, 503 with Retry-After), so sign-ins can never take every core.
 * Checking against an unknown account costs the same as against a known one ({@link #verifyDummy}).
 */
public final class PasswordHasher implements AutoCloseable {
  /** Passwords shorter than this are refused. */
  public static final int MIN_LENGTH = 12;

  /** Longer passwords are refused (hashing cost must not depend on what a stranger sends). */
  public static final int MAX_LENGTH = 256;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Argon2Function argon2;
  private final ThreadPoolExecutor pool;

  /**
   * How long after construction the dummy hash is made on the pool when nothing asked for it: not
   * during the process's start, where an Argon2id hash took 0.9 s of CPU of every start.
   */
  static final Duration DUMMY_HASH_DELAY = Duration.ofSeconds(30);

  /** The hash {@link #verifyDummy} checks against: made by its first call or after the delay. */
  private final FutureTask<String> dummyHash;

  public PasswordHasher(int threads, int memoryKib) {
    this(threads, memoryKib, DUMMY_HASH_DELAY);
  }

  PasswordHasher(int threads, int memoryKib, Duration dummyHashDelay) {
    this.argon2 = Argon2Function.getInstance(memoryKib, 2, 1, 32, Argon2.ID, 19);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4 * threads),
            r -> {
              Thread t = new Thread(r, "password-hash-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String dummy = Base64.getEncoder().encodeToString(random);
    this.dummyHash = new FutureTask<>(() -> hashNow(dummy));
    CompletableFuture.delayedExecutor(dummyHashDelay.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              try {
                pool.execute(dummyHash);
              } catch (RejectedExecutionException e) {
                // closed, or busy with sign-ins: the first check of an unknown account makes it
              }
            });
  }

  /** Refuses a password that is too short or too long, naming the rule. */
  public static void requireAcceptable(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw new IdentityException(
          IdentityException.Kind.BAD_REQUEST,
          "field 'password' must be at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      throw new IdentityException(
          IdentityException.Kind.BAD_REQUEST,
          "field 'password' must be at most " + MAX_LENGTH + " characters");
    }
  }

  /** The Argon2id hash of an acceptable password (PHC string). */
  public String hash(String password) {
    requireAcceptable(password);
    return onPool(() -> hashNow(password));
  }

  /** Whether {@code password} matches {@code hash}. */
  public boolean verify(String password, String hash) {
    if (password == null || password.length() > MAX_LENGTH || hash == null) {
      // no hash: an account made by single sign-on, which has no password
      verifyDummy();
      return false;
    }
    return onPool(
        () -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
  }

  /**
   * Spends what a check costs, for an account that does not exist; always false. The first call
   * before the dummy hash exists spends that cost making it (one Argon2id run, as a check is).
   */
  public boolean verifyDummy() {
    onPool(
        () -> {
          if (!dummyHash.isDone()) {
            dummyHash.run(); // makes it here, or waits below while the delayed run finishes it
            dummyHash.get();
            return false;
          }
          return Password.check("not the password", dummyHash.get()).with(argon2);
        });
    return false;
  }

  /** Whether the dummy hash has been made (tests: not at construction). */
  boolean dummyHashMade() {
    return dummyHash.isDone();
  }

  private String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
  }

  private <T> T onPool(java.util.concurrent.Callable<T> work) {
    Future<T> f;
    try {
      f = pool.submit(work);
    } catch (RejectedExecutionException e) {
      throw new IdentityException(
          IdentityException.Kind.BUSY,
          "too many sign-ins at once; retry shortly",
          Duration.ofSeconds(1));
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
