package io.obsera.alert.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.testing.vendor.VendorReceiver;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PagerDuty's Events API v2 enqueue endpoint as documented: 400 {@code invalid event} with an
 * {@code errors} list when {@code routing_key} is missing or not 32 characters, {@code
 * event_action} is not trigger/acknowledge/resolve, a resolve lacks {@code dedup_key}, or a trigger
 * lacks {@code payload.summary} (up to 1024), {@code payload.source} or a valid {@code
 * payload.severity}; 202 {@code success} with the dedup key otherwise. Keeps each alert's state by
 * dedup key, as PagerDuty does.
 */
public final class PagerDutyReceiver extends VendorReceiver {
  public static final String PATH = "/v2/enqueue";
  private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  private final Map<String, String> alerts = new ConcurrentHashMap<>();

  @Override
  protected Answer answer(Received r) {
    if (!"POST".equals(r.method()) || !PATH.equals(r.path())) {
      return Answer.json(404, "{\"status\":\"not found\"}");
    }
    JsonNode e;
    try {
      e = Json.MAPPER.readTree(r.body());
    } catch (java.io.IOException x) {
      return invalid("Could not parse JSON");
    }
    if (e == null || !e.isObject()) {
      return invalid("Event object is not a JSON object");
    }
    List<String> errors = new ArrayList<>();
    String key = e.path("routing_key").asText("");
    if (key.isBlank()) {
      errors.add("'routing_key' is missing or blank");
    } else if (key.length() != 32) {
      errors.add("'routing_key' must be 32 characters");
    }
    String action = e.path("event_action").asText("");
    if (!ACTIONS.contains(action)) {
      errors.add("'event_action' must be one of trigger, acknowledge, resolve");
    }
    String dedup = e.path("dedup_key").asText("");
    if (dedup.length() > 255) {
      errors.add("'dedup_key' must be at most 255 characters");
    }
    if (!action.equals("trigger") && dedup.isBlank()) {
      errors.add("'dedup_key' is missing or blank");
    }
    if (action.equals("trigger")) {
      JsonNode p = e.path("payload");
      String summary = p.path("summary").asText("");
      if (summary.isBlank() || summary.length() > 1024) {
        errors.add("'payload.summary' must be 1-1024 characters");
      }
      if (p.path("source").asText("").isBlank()) {
        errors.add("'payload.source' is missing or blank");
      }
      if (!SEVERITIES.contains(p.path("severity").asText(""))) {
        errors.add("'payload.severity' must be one of critical, error, warning, info");
      }
      if (p.has("timestamp")) {
        try {
          OffsetDateTime.parse(p.path("timestamp").asText());
        } catch (DateTimeParseException x) {
          errors.add("'payload.timestamp' must be ISO 8601");
        }
      }
      for (JsonNode l : e.path("links")) {
        if (l.path("href").asText("").isBlank()) {
          errors.add("'links[].href' is missing");
        }
      }
    }
    if (!errors.isEmpty()) {
      return invalid(errors.toArray(String[]::new));
    }
    if (dedup.isBlank()) {
      dedup = UUID.randomUUID().toString().replace("-", "");
    }
    alerts.put(dedup, action.equals("trigger") ? "triggered" : action + "d");
    return Answer.json(
        202,
        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedup + "\"}");
  }

  private static Answer invalid(String... errors) {
    StringBuilder sb = new StringBuilder();
    for (String s : errors) {
      sb.append(sb.length() == 0 ? "" : ",").append('"').append(s.replace("\"", "'")).append('"');
    }
    return Answer.json(
        400,
        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":["
            + sb
            + "]}");
  }

  /** State of each alert by dedup key: triggered, acknowledged or resolved. */
  public Map<String, String> alerts() {
    return Map.copyOf(alerts);
  }
}
