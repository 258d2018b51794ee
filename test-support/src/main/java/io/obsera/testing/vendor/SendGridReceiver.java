package io.obsera.testing.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * SendGrid's {@code POST /v3/mail/send} as documented: 401 without {@code Authorization: Bearer
 * <key>} of the known key; 400 with {@code {"errors":[{message, field, help}]}} when
 * personalizations (each with a {@code to} list), {@code from.email}, a subject, or content are
 * missing, when text/plain is not the first content, when a custom arg is not a string or a
 * reserved header is set; 202 with an {@code X-Message-Id} otherwise.
 */
public final class SendGridReceiver extends VendorReceiver {
  public static final String PATH = "/v3/mail/send";
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "x-sg-id",
          "x-sg-eid",
          "received",
          "dkim-signature",
          "content-type",
          "content-transfer-encoding",
          "to",
          "from",
          "subject",
          "reply-to",
          "cc",
          "bcc");

  private final String apiKey;

  public SendGridReceiver(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  protected Answer answer(Received r) {
    if (!"POST".equals(r.method()) || !PATH.equals(r.path())) {
      return error(404, "not found", null);
    }
    if (!("Bearer " + apiKey).equals(r.header("Authorization"))) {
      return error(401, "The provided authorization grant is invalid, expired, or revoked", null);
    }
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return error(400, "Content-Type should be application/json.", null);
    }
    JsonNode m;
    try {
      m = Json.MAPPER.readTree(r.body());
    } catch (java.io.IOException e) {
      return error(400, "Bad Request", null);
    }
    JsonNode ps = m.path("personalizations");
    if (!ps.isArray() || ps.isEmpty() || ps.size() > 1000) {
      return error(
          400,
          "The personalizations field is required and must have at least one personalization.",
          "personalizations");
    }
    boolean everyHasSubject = true;
    for (JsonNode p : ps) {
      JsonNode to = p.path("to");
      if (!to.isArray() || to.isEmpty()) {
        return error(
            400,
            "The to array is required for all personalization objects.",
            "personalizations.0.to");
      }
      for (JsonNode t : to) {
        if (!EMAIL.matcher(t.path("email").asText("")).matches()) {
          return error(400, "Does not contain a valid address.", "personalizations.0.to.0.email");
        }
      }
      everyHasSubject &= !p.path("subject").asText("").isBlank();
    }
    if (!EMAIL.matcher(m.path("from").path("email").asText("")).matches()) {
      return error(400, "The from object must be provided for every email send.", "from.email");
    }
    if (m.path("subject").asText("").isBlank() && !everyHasSubject) {
      return error(400, "The subject is required.", "subject");
    }
    JsonNode content = m.path("content");
    if (!content.isArray() || content.isEmpty()) {
      return error(
          400,
          "Unless a valid template_id is provided, the content parameter is required.",
          "content");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode c = content.get(i);
      if (c.path("type").asText("").isBlank() || c.path("value").asText("").isEmpty()) {
        return error(
            400,
            "The content value must be a string at least one character in length.",
            "content." + i + ".value");
      }
      if (i > 0 && "text/plain".equals(c.path("type").asText())) {
        return error(
            400,
            "If present, text/plain must be first, followed by text/html, followed by any other content.",
            "content");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("custom_args").fields();
        it.hasNext(); ) {
      if (!it.next().getValue().isTextual()) {
        return error(400, "Custom args must be strings.", "custom_args");
      }
    }
    for (Iterator<String> it = m.path("headers").fieldNames(); it.hasNext(); ) {
      if (RESERVED_HEADERS.contains(it.next().toLowerCase(java.util.Locale.ROOT))) {
        return error(400, "The headers cannot contain reserved headers.", "headers");
      }
    }
    return new Answer(202, "text/plain", "", Map.of("X-Message-Id", UUID.randomUUID().toString()));
  }

  private static Answer error(int status, String message, String field) {
    return Answer.json(
        status,
        "{\"errors\":[{\"message\":\""
            + message
            + "\",\"field\":"
            + (field == null ? "null" : "\"" + field + "\"")
            + ",\"help\":null}]}");
  }
}
