package io.obsera.model.alert.channel;

import java.net.URI;
import java.util.List;

/**
 * E-mail through SendGrid's v3 mail send API.
 *
 * @param id channel id
 * @param apiKey a SendGrid API key with the Mail Send permission
 * @param from the verified sender address
 * @param to 1-50 recipient addresses
 * @param baseUrl the API's base URL; null means {@link #DEFAULT_BASE_URL}
 */
public record SendGridChannel(
    String id, String apiKey, String from, List<String> to, String baseUrl) implements Channel {
  public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";

  public SendGridChannel {
    ChannelFields.id(id);
    ChannelFields.secret("apiKey", apiKey, 16);
    ChannelFields.email("from", from);
    to = ChannelFields.recipients("to", to, ChannelFields::email);
    baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    URI u = ChannelFields.httpUrl("baseUrl", baseUrl);
    if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
      throw new IllegalArgumentException(
          "field 'baseUrl' must be scheme, host and port only, got: " + baseUrl);
    }
  }

  @Override
  public ChannelType type() {
    return ChannelType.SENDGRID;
  }

  @Override
  public String destination() {
    return ChannelFields.origin(URI.create(baseUrl));
  }

  @Override
  public String toString() {
    return "SendGridChannel[id=" + id + ", apiKey=***, from=" + from + ", to=" + to + "]";
  }
}
