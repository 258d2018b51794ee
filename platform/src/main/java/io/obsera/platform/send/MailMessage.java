package io.obsera.platform.send;

import java.util.List;
import java.util.Map;

/**
 * One e-mail as every mail sender takes it: plain text and HTML alternatives.
 *
 * @param from the sender's address
 * @param fromName the sender's display name (SendGrid), or null
 * @param to recipients (each gets their own copy through SendGrid; one message over SMTP)
 * @param messageId the {@code Message-ID} ({@code <id@domain>}), or null for the transport's own
 * @param headers extra headers ({@code In-Reply-To}, {@code X-Obsera-Delivery}, ...)
 * @param customArgs SendGrid custom args (they come back in its event webhooks); ignored by SMTP
 */
public record MailMessage(
    String from,
    String fromName,
    List<String> to,
    String subject,
    String text,
    String html,
    String messageId,
    Map<String, String> headers,
    Map<String, String> customArgs) {
  public MailMessage {
    to = List.copyOf(to);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    customArgs = customArgs == null ? Map.of() : Map.copyOf(customArgs);
  }
}
