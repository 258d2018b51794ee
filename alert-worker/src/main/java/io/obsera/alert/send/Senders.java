package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.alert.channel.PagerDutyChannel;
import io.obsera.model.alert.channel.SendGridChannel;
import io.obsera.model.alert.channel.SlackChannel;
import io.obsera.model.alert.channel.SmtpChannel;
import io.obsera.model.alert.channel.TwilioChannel;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.send.DeliveryException;
import java.time.Clock;
import java.time.Duration;

/**
 * One sender per channel type, sharing one SSRF guard: {@link #send} makes a single delivery
 * attempt (retries and circuit breaking are the {@code Deliverer}'s).
 */
public final class Senders implements AutoCloseable {
  /** The switch that turns SMS on (Twilio costs money per message). */
  public static final String SMS_ENV = "OBSERA_ALERT_SMS_ENABLED";

  private final GuardedHttp http;
  private final WebhookSender webhook;
  private final SlackSender slack;
  private final SendGridSender sendGrid;
  private final SmtpSender smtp;
  private final PagerDutySender pagerDuty;
  private final TwilioSender twilio;
  private final boolean smsEnabled;

  /**
   * @param guard the SSRF rule applied to every destination at every attempt
   * @param connectTimeout longest wait for a connection
   * @param callTimeout longest a whole attempt may take
   * @param clock time of webhook timestamps, mail dates and {@code Retry-After} dates
   * @param smsEnabled whether Twilio channels may send; when false they fail permanently
   */
  public Senders(
      TargetGuard guard,
      Duration connectTimeout,
      Duration callTimeout,
      Clock clock,
      boolean smsEnabled) {
    GuardedResolver resolver = new GuardedResolver(guard);
    this.http = new GuardedHttp(resolver, connectTimeout, callTimeout, clock);
    this.webhook = new WebhookSender(http, clock);
    this.slack = new SlackSender(http);
    this.sendGrid = new SendGridSender(resolver, connectTimeout, callTimeout, clock);
    this.smtp = new SmtpSender(resolver, connectTimeout, callTimeout, clock);
    this.pagerDuty = new PagerDutySender(http);
    this.twilio = new TwilioSender(http);
    this.smsEnabled = smsEnabled;
  }

  /** One attempt to deliver {@code n} to {@code channel}; returns when it was accepted. */
  public void send(Notification n, Channel channel) throws DeliveryException {
    if (channel instanceof WebhookChannel c) {
      webhook.send(n, c);
    } else if (channel instanceof SlackChannel c) {
      slack.send(n, c);
    } else if (channel instanceof SendGridChannel c) {
      sendGrid.send(n, c);
    } else if (channel instanceof SmtpChannel c) {
      smtp.send(n, c);
    } else if (channel instanceof PagerDutyChannel c) {
      pagerDuty.send(n, c);
    } else if (channel instanceof TwilioChannel c) {
      if (!smsEnabled) {
        throw new DeliveryException(
            DeliveryException.Kind.PERMANENT,
            0,
            null,
            "SMS is disabled on this installation (" + SMS_ENV + ")");
      }
      twilio.send(n, c);
    } else {
      throw new IllegalArgumentException("unknown channel type " + channel.type());
    }
  }

  /** Releases the HTTP clients' connections and threads. */
  @Override
  public void close() {
    http.close();
    sendGrid.close();
  }
}
