package io.obsera.model.alert.channel;

import java.net.URI;

/**
 * A Slack incoming webhook. The URL itself is the secret (whoever has it can post), so it is kept
 * like one and never shown.
 *
 * @param id channel id
 * @param webhookUrl the incoming webhook URL ({@code https://hooks.slack.com/services/...})
 */
public record SlackChannel(String id, String webhookUrl) implements Channel {
  public SlackChannel {
    ChannelFields.id(id);
    ChannelFields.httpUrl("webhookUrl", webhookUrl, true);
  }

  @Override
  public ChannelType type() {
    return ChannelType.SLACK;
  }

  @Override
  public String destination() {
    return ChannelFields.origin(URI.create(webhookUrl));
  }

  @Override
  public String toString() {
    return "SlackChannel[id=" + id + ", webhookUrl=***]";
  }
}
