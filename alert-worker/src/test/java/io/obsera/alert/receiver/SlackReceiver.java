package io.obsera.alert.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.testing.vendor.VendorReceiver;
import java.util.Set;

/**
 * Slack's incoming webhook as documented: JSON only; 400 {@code invalid_payload} when the body is
 * not JSON, {@code no_text} when it has neither text nor blocks, {@code invalid_blocks} when a
 * block breaks Block Kit's limits (header plain_text up to 150 characters, section text up to 3000,
 * at most 10 fields of up to 2000, buttons with plain_text up to 75 and a URL); 200 {@code ok}.
 */
public final class SlackReceiver extends VendorReceiver {
  public static final String PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
  private static final Set<String> TEXT_TYPES = Set.of("plain_text", "mrkdwn");

  @Override
  protected Answer answer(Received r) {
    if (!"POST".equals(r.method()) || !PATH.equals(r.path())) {
      return Answer.text(404, "no_service");
    }
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return Answer.text(400, "invalid_payload");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(r.body());
    } catch (java.io.IOException e) {
      return Answer.text(400, "invalid_payload");
    }
    if (body == null || !body.isObject()) {
      return Answer.text(400, "invalid_payload");
    }
    boolean hasText = body.path("text").isTextual() && !body.path("text").asText().isBlank();
    JsonNode blocks = body.path("blocks");
    if (!hasText && (!blocks.isArray() || blocks.isEmpty())) {
      return Answer.text(400, "no_text");
    }
    if (!blocks.isMissingNode() && !validBlocks(blocks)) {
      return Answer.text(400, "invalid_blocks");
    }
    return Answer.text(200, "ok");
  }

  private static boolean validBlocks(JsonNode blocks) {
    if (!blocks.isArray() || blocks.size() > 50) {
      return false;
    }
    for (JsonNode b : blocks) {
      boolean ok =
          switch (b.path("type").asText()) {
            case "header" ->
                text(b.path("text"), 150)
                    && "plain_text".equals(b.path("text").path("type").asText());
            case "section" -> section(b);
            case "context" -> elements(b.path("elements"), 10, e -> text(e, 3000));
            case "actions" -> elements(b.path("elements"), 25, SlackReceiver::button);
            case "divider" -> true;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean section(JsonNode b) {
    boolean hasText = b.has("text");
    boolean hasFields = b.has("fields");
    if (!hasText && !hasFields) {
      return false;
    }
    return (!hasText || text(b.path("text"), 3000))
        && (!hasFields || elements(b.path("fields"), 10, f -> text(f, 2000)));
  }

  private static boolean button(JsonNode e) {
    return "button".equals(e.path("type").asText())
        && "plain_text".equals(e.path("text").path("type").asText())
        && text(e.path("text"), 75)
        && (!e.has("url")
            || (e.path("url").isTextual() && e.path("url").asText().length() <= 3000));
  }

  private static boolean elements(
      JsonNode list, int max, java.util.function.Predicate<JsonNode> check) {
    if (!list.isArray() || list.isEmpty() || list.size() > max) {
      return false;
    }
    for (JsonNode e : list) {
      if (!check.test(e)) {
        return false;
      }
    }
    return true;
  }

  private static boolean text(JsonNode t, int max) {
    String s = t.path("text").asText("");
    return TEXT_TYPES.contains(t.path("type").asText()) && !s.isEmpty() && s.length() <= max;
  }
}
