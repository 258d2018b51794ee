package io.obsera.model.alert.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where notifications go. Every implementation is a validated record; secrets (webhook secret,
 * Slack URL, API keys, tokens, passwords) are fields of their own so the control plane can store
 * them encrypted and never show them back. As JSON (Jackson) a channel carries its {@link
 * ChannelType} in {@code "type"}; reading runs the same validation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = WebhookChannel.class, name = "WEBHOOK"),
  @JsonSubTypes.Type(value = SlackChannel.class, name = "SLACK"),
  @JsonSubTypes.Type(value = SendGridChannel.class, name = "SENDGRID"),
  @JsonSubTypes.Type(value = SmtpChannel.class, name = "SMTP"),
  @JsonSubTypes.Type(value = PagerDutyChannel.class, name = "PAGERDUTY"),
  @JsonSubTypes.Type(value = TwilioChannel.class, name = "TWILIO_SMS")
})
public sealed interface Channel
    permits WebhookChannel,
        SlackChannel,
        SendGridChannel,
        SmtpChannel,
        PagerDutyChannel,
        TwilioChannel {

  /** The channel's id within its tenant. */
  String id();

  ChannelType type();

  /**
   * The remote end a delivery talks to, without secrets ({@code https://host:port} or {@code
   * smtp://host:port}): the key of the destination's circuit breaker and what logs show.
   */
  String destination();
}
