package io.obsera.testing;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;

/** The alert events on the shared broker's {@link Topics#ALERT_EVENTS}, per tenant. */
public final class TestAlerts {
  private TestAlerts() {}

  /** Every alert event of {@code tenant} committed so far, in order. */
  public static List<AlertEvent> of(String tenant) {
    return TestKafka.readAll(SharedServers.kafkaBootstrap(), Topics.ALERT_EVENTS, true).stream()
        .filter(r -> r.key() != null && r.key().startsWith(tenant + "|"))
        .map(r -> read(r.value()))
        .toList();
  }

  /** How many of {@link #of}'s events match {@code which}. */
  public static long count(String tenant, Predicate<AlertEvent> which) {
    return of(tenant).stream().filter(which).count();
  }

  private static AlertEvent read(byte[] json) {
    try {
      return Json.MAPPER.readValue(json, AlertEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
