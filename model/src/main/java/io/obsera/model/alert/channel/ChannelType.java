package io.obsera.model.alert.channel;

import java.util.Set;

/** The kinds of notification channels, each with the fields of its record that are secrets. */
public enum ChannelType {
  WEBHOOK(Set.of("secret")),
  SLACK(Set.of("webhookUrl")),
  SENDGRID(Set.of("apiKey")),
  SMTP(Set.of("password")),
  PAGERDUTY(Set.of("routingKey")),
  TWILIO_SMS(Set.of("authToken"));

  private final Set<String> secretFields;

  ChannelType(Set<String> secretFields) {
    this.secretFields = secretFields;
  }

  /**
   * The JSON fields of this type's channel record that are secrets: stored sealed, never shown
   * back, never logged.
   */
  public Set<String> secretFields() {
    return secretFields;
  }
}
