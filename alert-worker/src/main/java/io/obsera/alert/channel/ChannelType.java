package io.obsera.alert.channel;

/** The kinds of notification channels. */
public enum ChannelType {
  WEBHOOK,
  SLACK,
  SENDGRID,
  SMTP,
  PAGERDUTY,
  TWILIO_SMS
}
