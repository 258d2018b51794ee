package io.obsera.model.alert.channel;

import java.net.URI;

/**
 * A generic webhook: Obsera POSTs the notification as JSON, signed with HMAC-SHA256 of {@code
 * "<timestamp>.<body>"} under {@code secret}.
 *
 * @param id channel id
 * @param url the receiver's http(s) URL
 * @param secret the shared signing secret (16-1024 characters)
 */
public record WebhookChannel(String id, String url, String secret) implements Channel {
  public WebhookChannel {
    ChannelFields.id(id);
    ChannelFields.httpUrl("url", url);
    ChannelFields.secret("secret", secret, 16);
  }

  @Override
  public ChannelType type() {
    return ChannelType.WEBHOOK;
  }

  @Override
  public String destination() {
    return ChannelFields.origin(URI.create(url));
  }

  @Override
  public String toString() {
    return "WebhookChannel[id=" + id + ", url=" + url + ", secret=***]";
  }
}
