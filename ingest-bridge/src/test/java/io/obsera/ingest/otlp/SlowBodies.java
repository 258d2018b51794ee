package io.obsera.ingest.otlp;

import io.obsera.ingest.otlp.SlowBodyClient.Outcome;
import io.obsera.ingest.pipeline.Signal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The slow-body cases of {@link BadInputIT}: started before the other cases so they hang on while
 * those run, then checked for an answer (or a closed connection) within a bounded time.
 */
final class SlowBodies {
  /** Longest a slow request may hold a connection before the server answers or closes it. */
  static final Duration BOUND = Duration.ofSeconds(45);

  private final SlowBodyClient client;
  private final byte[] valid;
  private final String marker;
  private CompletableFuture<Outcome> steady;
  private CompletableFuture<Outcome> stalled;
  private CompletableFuture<Outcome> byteByByte;
  private CompletableFuture<Outcome> hugeDeclared;
  private CompletableFuture<Outcome> slowHeaders;
  private CompletableFuture<Outcome> stalledHeaders;
  private CompletableFuture<List<Outcome>> keepAlive;
  private final Duration headerDeadline;

  SlowBodies(SlowBodyClient client, String run, long seed, Duration headerDeadline) {
    this.client = client;
    this.headerDeadline = headerDeadline;
    this.marker = "ok:" + run + ":slow:";
    BadInputItems items = new BadInputItems(new SplittableRandom(seed));
    List<BadInputItems.Item> list = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      list.add(items.valid(marker + i));
    }
    this.valid = items.request(Signal.TRACES, list).toByteArray();
  }

  void start() {
    Duration tick = Duration.ofMillis(100);
    // a valid body of ten spans in 20 pieces over two seconds: slow but steady, accepted
    int piece = Math.max(1, valid.length / 20 + 1);
    steady = client.post("/v1/traces", valid, valid.length, valid.length, piece, tick, BOUND);
    // a tenth of the declared body, then nothing
    byte[] padded = Arrays.copyOf(valid, 4096);
    stalled = client.post("/v1/traces", padded, padded.length, 400, 400, tick, BOUND);
    // one byte every 100 ms of a 64 KiB body: would take almost two hours
    byte[] large = new byte[64 * 1024];
    byteByByte = client.post("/v1/traces", large, large.length, large.length, 1, tick, BOUND);
    // a Content-Length far over the limit: refused without waiting for the body
    hugeDeclared =
        client.post("/v1/traces", large, 1L << 40, 1024, 1024, tick, Duration.ofSeconds(10));
    // slowloris: the headers a byte every 100 ms (over 2 KB: minutes), or a few and then nothing
    slowHeaders = client.slowHeaders("/v1/traces", Integer.MAX_VALUE, tick, BOUND);
    stalledHeaders = client.slowHeaders("/v1/traces", 40, Duration.ofMillis(10), BOUND);
    // a keep-alive connection idle between requests for longer than the header deadline is not
    // in its headers, and serves its next request
    byte[] empty = new byte[0]; // an export of nothing: 200
    keepAlive =
        client.twoRequests("/v1/logs", empty, headerDeadline.plus(headerDeadline.dividedBy(2)));
  }

  int count() {
    return 7;
  }

  List<String> landing() {
    return java.util.stream.IntStream.range(0, 10).mapToObj(i -> marker + i).toList();
  }

  /** Checks the outcomes; a normal export must succeed while the slow ones hang on. */
  void finish(Queue<String> failures, Runnable normalExport) throws Exception {
    boolean stillHanging = !stalled.isDone() || !byteByByte.isDone();
    normalExport.run();
    System.out.println(
        "BadInputIT: a normal export succeeded while slow bodies were pending: " + stillHanging);
    expect(failures, "steady slow body", steady, o -> o.status() == 200);
    expect(failures, "stalled body", stalled, o -> o.closed() || o.status() == 408);
    expect(failures, "byte-by-byte body", byteByByte, o -> o.status() == 408);
    expect(failures, "Content-Length far over the limit", hugeDeclared, o -> o.status() == 413);
    // closed by the header deadline, long before the headers could have been sent
    Duration closedBy = headerDeadline.multipliedBy(3);
    expect(failures, "slow headers", slowHeaders, o -> o.closed() && shorter(o, closedBy));
    expect(failures, "stalled headers", stalledHeaders, o -> o.closed() && shorter(o, closedBy));
    List<Outcome> twice = keepAlive.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    System.out.println("BadInputIT: keep-alive connection idle between requests: " + twice);
    if (twice.size() != 2 || twice.stream().anyMatch(o -> o.status() != 200)) {
      failures.add("keep-alive connection idle past the header deadline: " + twice);
    }
  }

  private static boolean shorter(Outcome o, Duration bound) {
    return o.elapsed().compareTo(bound) < 0;
  }

  private static void expect(
      Queue<String> failures,
      String what,
      CompletableFuture<Outcome> outcome,
      java.util.function.Predicate<Outcome> ok)
      throws Exception {
    Outcome o = outcome.get(BOUND.toSeconds() + 15, TimeUnit.SECONDS);
    System.out.println("BadInputIT: " + what + ": " + o);
    if (!ok.test(o) || o.elapsed().compareTo(BOUND) > 0) {
      failures.add("slow body (" + what + "): " + o);
    }
  }
}
