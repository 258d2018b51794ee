package io.obsera.platform.send;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.protocol.HttpContext;

/**
 * One attempt to send a {@link MailMessage} through SendGrid's v3 {@code POST /v3/mail/send} with
 * sendgrid-java's request model: one personalization per recipient (recipients do not see each
 * other), plain text then HTML content, custom args and headers. The HTTP client resolves through
 * the given resolver (the alert worker's SSRF guard), follows no redirects and does not retry by
 * itself. Used by the alert worker's SendGrid channels and by the operator's mail sender.
 */
public final class SendGridMail implements AutoCloseable {
  private final CloseableHttpClient httpClient;
  private final CloseableHttpClient lent;
  private final Clock clock;

  public SendGridMail(DnsResolver dns, Duration connectTimeout, Duration callTimeout, Clock clock) {
    this.clock = clock;
    int connect = Math.toIntExact(connectTimeout.toMillis());
    int socket = Math.toIntExact(callTimeout.toMillis());
    this.httpClient =
        HttpClients.custom()
            .setDnsResolver(dns)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connect)
                    .setConnectionRequestTimeout(connect)
                    .setSocketTimeout(socket)
                    .build())
            .build();
    this.lent = new Lent(httpClient);
  }

  /** Sends {@code mail} with {@code apiKey} to the SendGrid API at {@code baseUrl}. */
  public void send(String baseUrl, String apiKey, MailMessage mail) throws DeliveryException {
    URI base = URI.create(baseUrl);
    SendGrid sendGrid = new SendGrid(apiKey, new Client(lent, "http".equals(base.getScheme())));
    sendGrid.setHost(base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort());
    Request request = new Request();
    request.setMethod(Method.POST);
    request.setEndpoint("mail/send");
    Response response;
    try {
      request.setBody(mail(mail).build());
      response = sendGrid.api(request);
    } catch (IOException e) {
      throw DeliveryException.retryable("sendgrid: " + DeliveryException.describe(e), e);
    }
    ResponseClassifier.check(
        "sendgrid",
        response.getStatusCode(),
        response.getBody(),
        header(response.getHeaders(), "Retry-After"),
        clock);
  }

  /** The SendGrid request body of {@code m}. */
  public static Mail mail(MailMessage m) {
    Mail mail = new Mail();
    mail.setFrom(m.fromName() == null ? new Email(m.from()) : new Email(m.from(), m.fromName()));
    mail.setSubject(m.subject());
    for (String to : m.to()) {
      Personalization p = new Personalization();
      p.addTo(new Email(to));
      mail.addPersonalization(p);
    }
    mail.addContent(new Content("text/plain", m.text()));
    mail.addContent(new Content("text/html", m.html()));
    m.customArgs().forEach(mail::addCustomArg);
    m.headers().forEach(mail::addHeader);
    return mail;
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The HTTP client as lent to sendgrid-java: its {@code Client} closes the HTTP client it is given
   * when it is finalized, which shut the shared connection pool under every later mail (until a
   * restart). Closing this does nothing; {@link SendGridMail#close()} closes the real one.
   */
  private static final class Lent extends CloseableHttpClient {
    private final CloseableHttpClient delegate;

    Lent(CloseableHttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    protected CloseableHttpResponse doExecute(
        HttpHost target, HttpRequest request, HttpContext context) throws IOException {
      return delegate.execute(target, request, context);
    }

    @Override
    public void close() {
      // the pool is SendGridMail's
    }

    @Override
    @SuppressWarnings("deprecation")
    public org.apache.http.params.HttpParams getParams() {
      return delegate.getParams();
    }

    @Override
    @SuppressWarnings("deprecation")
    public org.apache.http.conn.ClientConnectionManager getConnectionManager() {
      return delegate.getConnectionManager();
    }
  }

  /** Closes the HTTP client's connections. */
  @Override
  public void close() {
    try {
      httpClient.close();
    } catch (IOException e) {
      // closing idle connections: nothing to do about a failure
    }
  }
}
