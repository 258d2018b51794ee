package io.obsera.platform.send;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the e-mails Obsera writes to people (invites, password resets) through the operator's
 * sender ({@link MailConfig}): the same SMTP and SendGrid senders and the same retries and circuit
 * breaker ({@link ResilientDelivery}, the alert worker's default policy) as alert channels. Sending
 * happens on one background thread, so a caller never waits on the mail server (and a request's
 * duration says nothing about whether a mail was sent).
 */
public final class OperatorMail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorMail.class);
  private static final int QUEUE = 1000;

  private final MailConfig config;
  private final SmtpMail smtp;
  private final SendGridMail sendGrid;
  private final ResilientDelivery delivery;
  private final String destination;
  private final ExecutorService sending;

  public OperatorMail(MailConfig config, Clock clock) {
    this(
        config,
        clock,
        ResilientDelivery.Policy.defaults(),
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /**
   * @param policy retries and circuit breaker
   * @param tls the TLS client for STARTTLS and implicit TLS
   */
  public OperatorMail(
      MailConfig config, Clock clock, ResilientDelivery.Policy policy, SSLSocketFactory tls) {
    this.config = config;
    Duration connect = Duration.ofSeconds(5);
    Duration call = Duration.ofSeconds(20);
    this.smtp = new SmtpMail(connect, call, clock, tls);
    this.sendGrid = new SendGridMail(SystemDefaultDnsResolver.INSTANCE, connect, call, clock);
    this.delivery = new ResilientDelivery(policy);
    this.destination =
        config.smtp() != null
            ? "smtp://" + config.smtp().host() + ":" + config.smtp().port()
            : config.sendGridUrl();
    this.sending =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "operator-mail");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether the operator configured a sender; without one nothing is sent. */
  public boolean configured() {
    return config.configured();
  }

  /**
   * Queues a mail to {@code to}; the future completes when it was accepted, or exceptionally when
   * every attempt failed (logged either way). Without a sender it completes at once, sending
   * nothing.
   */
  public CompletableFuture<Void> send(String to, String subject, String text, String html) {
    if (!configured()) {
      return CompletableFuture.completedFuture(null);
    }
    MailMessage mail =
        new MailMessage(
            config.from(), "Obsera", List.of(to), subject, text, html, null, Map.of(), Map.of());
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      sending.execute(() -> deliver(mail, done));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn("mail to {} not sent: {} mails are already waiting", to, QUEUE);
      done.completeExceptionally(e);
    }
    return done;
  }

  private void deliver(MailMessage mail, CompletableFuture<Void> done) {
    ResilientDelivery.Ended end =
        delivery.deliver(
            destination,
            () -> attempt(mail),
            e -> log.debug("mail '{}' attempt failed: {}", mail.subject(), e.getMessage()));
    if (end.delivered()) {
      log.info("mail '{}' accepted by {}", mail.subject(), destination);
      done.complete(null);
      return;
    }
    String why =
        end.circuitOpen()
            ? "the circuit of " + destination + " is open"
            : end.last().getMessage() + " after " + end.attempts() + " attempt(s)";
    log.warn("mail '{}' to {} not sent: {}", mail.subject(), mail.to(), why);
    done.completeExceptionally(
        end.last() != null ? end.last() : DeliveryException.retryable(why, null));
  }

  private void attempt(MailMessage mail) throws DeliveryException {
    if (config.smtp() != null) {
      smtp.send(config.smtp(), config.smtp().host(), mail);
    } else {
      sendGrid.send(config.sendGridUrl(), config.sendGridApiKey(), mail);
    }
  }

  @Override
  public void close() {
    sending.shutdownNow();
    sendGrid.close();
  }
}
