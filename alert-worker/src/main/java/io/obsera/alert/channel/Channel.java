package io.obsera.alert.channel;

/**
 * Where notifications go. Every implementation is a validated record; secrets (webhook secret,
 * Slack URL, API keys, tokens, passwords) are fields of their own so the control plane can store
 * them encrypted and never show them back.
 */
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
