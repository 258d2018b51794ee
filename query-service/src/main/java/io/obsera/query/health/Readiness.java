package io.obsera.query.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /ready} answers: named checks, each ready or not with a short reason. The query
 * service adds its own (ClickHouse, its schema, Kafka, the control-plane views); a runtime that
 * embeds it (standalone) adds the stages it runs in the same process (topology, writer, alert
 * worker). Checks run in the order they were added.
 */
public final class Readiness {
  /** One stage's check: null when it is ready, else why not (short, meant for operators). */
  @FunctionalInterface
  public interface Check {
    String problem() throws Exception;
  }

  /**
   * One look at every check.
   *
   * @param problems the reason of each check that is not ready, in order
   */
  public record Result(List<String> names, Map<String, String> problems) {
    public boolean ready() {
      return problems.isEmpty();
    }
  }

  private final Map<String, Check> checks = new LinkedHashMap<>();

  /** Adds (or replaces) the check called {@code name}. */
  public synchronized Readiness add(String name, Check check) {
    checks.put(name, check);
    return this;
  }

  /** Runs every check; one that throws is not ready, with the exception's type as the reason. */
  public Result check() {
    Map<String, Check> now;
    synchronized (this) {
      now = new LinkedHashMap<>(checks);
    }
    Map<String, String> problems = new LinkedHashMap<>();
    for (Map.Entry<String, Check> c : now.entrySet()) {
      String problem;
      try {
        problem = c.getValue().problem();
      } catch (Exception e) {
        problem = "check failed: " + e.getClass().getSimpleName();
      }
      if (problem != null) {
        problems.put(c.getKey(), problem);
      }
    }
    return new Result(new ArrayList<>(now.keySet()), problems);
  }
}
