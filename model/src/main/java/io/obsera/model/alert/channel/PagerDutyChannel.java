package io.obsera.model.alert.channel;

import java.net.URI;

/**
 * A PagerDuty service through the Events API v2.
 *
 * @param id channel id
 * @param routingKey the integration key of the service's Events API v2 integration (32 characters)
 * @param eventsUrl the enqueue endpoint; null means {@link #DEFAULT_EVENTS_URL}
 */
public record PagerDutyChannel(String id, String routingKey, String eventsUrl) implements Channel {
  public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  public PagerDutyChannel {
    ChannelFields.id(id);
    ChannelFields.secret("routingKey", routingKey, 32);
    if (routingKey.length() != 32) {
      throw new IllegalArgumentException("field 'routingKey' must be 32 characters");
    }
    eventsUrl = eventsUrl == null ? DEFAULT_EVENTS_URL : eventsUrl;
    ChannelFields.httpUrl("eventsUrl", eventsUrl);
  }

  @Override
  public ChannelType type() {
    return ChannelType.PAGERDUTY;
  }

  @Override
  public String destination() {
    return ChannelFields.origin(URI.create(eventsUrl));
  }

  @Override
  public String toString() {
    return "PagerDutyChannel[id=" + id + ", routingKey=***, eventsUrl=" + eventsUrl + "]";
  }
}
