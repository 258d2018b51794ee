package io.obsera.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.obsera.model.Json;
import java.io.IOException;

/** Reading JSON request bodies; every error is a 400 naming the field. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body as a JSON object; 400 when it is something else. */
  public static JsonNode object(Context ctx) throws IOException {
    JsonNode node = Json.MAPPER.readTree(ctx.bodyAsBytes());
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("request body must be a JSON object");
    }
    return node;
  }

  /**
   * 400 naming the first field of {@code body} that is neither in {@code fields} nor in {@code
   * ignored} (read-only fields a client may send back unchanged).
   */
  public static void requireKnownFields(
      JsonNode body, java.util.Set<String> fields, java.util.Set<String> ignored) {
    for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f) && !ignored.contains(f)) {
        throw ApiException.badRequest(
            "unknown field '" + f + "'; known: " + fields.stream().sorted().toList());
      }
    }
  }

  /** A string field; null when absent or null. */
  public static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("field '" + field + "' must be a string");
    }
    return n.asText();
  }

  /** A numeric field; null when absent or null. */
  public static Double number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw ApiException.badRequest("field '" + field + "' must be a number");
    }
    return n.doubleValue();
  }
}
