package io.obsera.model.alert.channel;

/** How an SMTP connection is protected. */
public enum SmtpTls {
  /** Plain SMTP (only for relays on a trusted network). */
  NONE,
  /** Plain connection upgraded with STARTTLS; refuses to send when the server cannot. */
  STARTTLS,
  /** TLS from the first byte (SMTPS, usually port 465). */
  IMPLICIT
}
