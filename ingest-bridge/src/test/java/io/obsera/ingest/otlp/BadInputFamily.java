package io.obsera.ingest.otlp;

import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.otlp.BadInputCase.Auth;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the case families of {@link BadInputCases} share: the seeded random source, the item
 * builder, the run's markers, the limits, the list the cases go to, and the helpers that build
 * refused requests.
 */
abstract class BadInputFamily {
  static final String MUST_NOT_LAND = BadInputCases.MUST_NOT_LAND;
  static final String PB = BadInputCases.PB;
  static final String JSON = BadInputCases.JSON;

  final SplittableRandom random;
  final BadInputItems items;
  final String run;
  final int maxBytes;
  final IngestLimits limits;
  final List<BadInputCase> cases;

  BadInputFamily(SplittableRandom random, String run, int maxBytes, IngestLimits limits) {
    this.random = random;
    this.items = new BadInputItems(random);
    this.run = run;
    this.maxBytes = maxBytes;
    this.limits = limits;
    this.cases = new ArrayList<>();
  }

  /** Another family on the same random source, adding to the same cases. */
  BadInputFamily(BadInputFamily shared) {
    this.random = shared.random;
    this.items = shared.items;
    this.run = shared.run;
    this.maxBytes = shared.maxBytes;
    this.limits = shared.limits;
    this.cases = shared.cases;
  }

  void repeat(int n, Runnable add) {
    for (int i = 0; i < n; i++) {
      add.run();
    }
  }

  int nextId() {
    return cases.size();
  }

  String marker(int caseId, int item, boolean lands) {
    return (lands ? "ok" : MUST_NOT_LAND) + ":" + run + ":" + caseId + ":" + item;
  }

  /** A request of 1-6 items that would be valid, all marked must-not-land. */
  byte[] refusedBody(Signal signal, String type, int caseId) {
    return encode(signal, type, refusedItems(caseId, 1 + random.nextInt(6)));
  }

  List<Item> refusedItems(int caseId, int n) {
    List<Item> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(items.valid(marker(caseId, i, false)));
    }
    return list;
  }

  byte[] encode(Signal signal, String type, List<Item> list) {
    var request = items.request(signal, list);
    return type.equals(JSON) ? BadInputItems.json(request) : request.toByteArray();
  }

  void refused(
      String family,
      Signal signal,
      String type,
      byte[] body,
      int status,
      List<String> hints,
      Map<String, String> headers,
      Auth auth,
      boolean chunked) {
    cases.add(
        new BadInputCase(
            nextId(), family, signal, type, headers, auth, body, chunked, status, hints, 0,
            Set.of(), Map.of()));
  }

  void invalid(String family, Signal signal, String type, byte[] body, String... hints) {
    refused(family, signal, type, body, 400, List.of(hints), Map.of(), Auth.INGEST, false);
  }

  List<String> protobufHint(Signal signal) {
    return List.of("is not a valid " + BadInputItems.messageName(signal));
  }

  static String resourceField(Signal signal) {
    return switch (signal) {
      case TRACES -> "resourceSpans";
      case LOGS -> "resourceLogs";
      case METRICS -> "resourceMetrics";
    };
  }

  static String scopeField(Signal signal) {
    return switch (signal) {
      case TRACES -> "scopeSpans";
      case LOGS -> "scopeLogs";
      case METRICS -> "scopeMetrics";
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
