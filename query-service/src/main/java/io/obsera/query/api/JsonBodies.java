package io.obsera.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import io.obsera.model.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** Reading JSON request bodies; every error is a 400 naming the field. */
public final class JsonBodies {
  /** {@link Json#MAPPER}, reading enum values in any case ({@code "page"} is {@code PAGE}). */
  @SuppressWarnings("deprecation") // the builder API needs a JsonMapper; Json.MAPPER is not one
  private static final ObjectMapper LENIENT =
      Json.MAPPER.copy().configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);

  private JsonBodies() {}

  /**
   * {@code body} as a {@code type}; a field of the wrong type or value is a 400 naming it ({@code
   * prefix} + its path, e.g. {@code routes[0].groupWaitMs}). Enum values may be in any case.
   */
  public static <T> T read(JsonNode body, Class<T> type, String prefix) {
    try {
      return LENIENT.treeToValue(body, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ApiException.badRequest(
          "field '" + prefix + path(e) + "' is invalid: " + cause.getMessage());
    } catch (JsonMappingException e) {
      throw ApiException.badRequest(
          "field '"
              + prefix
              + path(e)
              + "' has the wrong type or value: "
              + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The path of the field a mapping error is about: {@code routes[0].matchers[1].op}. */
  public static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "?" : b.toString();
  }

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
  public static void requireKnownFields(JsonNode body, Set<String> fields, Set<String> ignored) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f) && !ignored.contains(f)) {
        throw ApiException.badRequest(
            "unknown field '" + f + "'; known: " + fields.stream().sorted().toList());
      }
    }
  }

  /**
   * 400 when the body names an id ({@code bodyId}, null when it names none) other than the path's:
   * {@code field 'id' (<bodyId>) differs from the path's <what> id (<pathId>)}.
   */
  public static void requirePathId(String bodyId, String pathId, String what) {
    if (bodyId != null && !bodyId.equals(pathId)) {
      throw ApiException.badRequest(
          "field 'id' (" + bodyId + ") differs from the path's " + what + " id (" + pathId + ")");
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
