package io.obsera.alert.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.obsera.alert.TestNotifications;
import io.obsera.model.alert.channel.SmtpChannel;
import io.obsera.model.alert.channel.SmtpTls;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.send.DeliveryException;
import io.obsera.testing.SelfSignedCertificate;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding against SMTP over TLS: the lookup the SSRF guard checks answers 127.0.0.2, where
 * the real mail server listens behind TLS with a certificate for {@code localhost} and 127.0.0.1
 * (not 127.0.0.2); any second lookup of {@code localhost} answers 127.0.0.1, where an impostor
 * listens on the same port. The sender must connect to the checked address and still verify the
 * certificate for, and send as SNI, the channel's host name.
 */
class SmtpTlsRebindingIT {
  private static final InetAddress CHECKED = address("127.0.0.2");
  private static final InetAddress REBOUND = address("127.0.0.1");

  @TempDir Path dir;
  private GreenMail smtp;
  private SelfSignedCertificate cert;
  private SmtpTlsFront front;
  private ServerSocket impostor;
  private final AtomicInteger impostorConnections = new AtomicInteger();

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    cert = SelfSignedCertificate.create(dir);
  }

  @AfterEach
  void stop() throws IOException {
    if (front != null) {
      front.close();
    }
    if (impostor != null) {
      impostor.close();
    }
    smtp.stop();
  }

  @Test
  void should_connectToTheCheckedAddress_withImplicitTls_andVerifyTheHostName() throws Exception {
    listen(false);

    send(SmtpTls.IMPLICIT);

    assertDeliveredToTheCheckedAddressOnly();
  }

  @Test
  void should_connectToTheCheckedAddress_withStartTls_andVerifyTheHostName() throws Exception {
    listen(true);

    send(SmtpTls.STARTTLS);

    assertDeliveredToTheCheckedAddressOnly();
  }

  @Test
  void should_sendTheChannelHostAsSni_andRefuseACertificateNotForIt() throws Exception {
    listen(false);
    SmtpChannel otherName =
        new SmtpChannel(
            "smtp",
            "mail.obsera.test",
            front.port(),
            SmtpTls.IMPLICIT,
            null,
            null,
            "alerts@obsera.test",
            List.of("oncall@acme.test"));

    DeliveryException e = null;
    try {
      sender().send(TestNotifications.firing("fp-other-name", 1), otherName);
    } catch (DeliveryException x) {
      e = x;
    }

    assertThat(e).as("a certificate for localhost does not serve mail.obsera.test").isNotNull();
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertThat(front.serverNames()).containsExactly("mail.obsera.test");
    assertThat(impostorConnections).hasValue(0);
  }

  private void send(SmtpTls tls) throws Exception {
    SmtpChannel channel =
        new SmtpChannel(
            "smtp",
            "localhost",
            front.port(),
            tls,
            null,
            null,
            "alerts@obsera.test",
            List.of("oncall@acme.test"));
    sender().send(TestNotifications.firing("fp-rebind-" + tls, 1), channel);
  }

  private void assertDeliveredToTheCheckedAddressOnly() throws Exception {
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(1);
    assertThat(got[0].getSubject()).startsWith("[FIRING]");
    // (no SNI to look at: the JDK sends none for a name without a dot, such as localhost)
    assertThat(impostorConnections).as("connections to the rebound address").hasValue(0);
  }

  /** The sender whose guarded lookup answers the checked address for every name. */
  private SmtpSender sender() throws Exception {
    GuardedResolver resolver =
        new GuardedResolver(
            TargetGuard.allowing("127.0.0.0/8", "test"), host -> new InetAddress[] {CHECKED});
    return new SmtpSender(
        resolver,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Clock.systemUTC(),
        trusting(cert).getSocketFactory());
  }

  /** The TLS front on 127.0.0.2 and the impostor on 127.0.0.1, on one port. */
  private void listen(boolean startTls) throws Exception {
    InetSocketAddress backend = new InetSocketAddress(REBOUND, smtp.getSmtp().getPort());
    for (int attempt = 0; impostor == null; attempt++) {
      front = new SmtpTlsFront(CHECKED, 0, cert.serverContext(), startTls, backend);
      try {
        impostor = new ServerSocket(front.port(), 10, REBOUND);
      } catch (BindException e) {
        front.close();
        if (attempt > 20) {
          throw e;
        }
      }
    }
    Thread t =
        new Thread(
            () -> {
              while (!impostor.isClosed()) {
                try (Socket s = impostor.accept()) {
                  impostorConnections.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "smtp-impostor");
    t.setDaemon(true);
    t.start();
  }

  private static SSLContext trusting(SelfSignedCertificate cert) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(cert.trustStore());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
