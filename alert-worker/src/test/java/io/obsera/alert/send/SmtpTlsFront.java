package io.obsera.alert.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS front for a plain SMTP server (GreenMail has no STARTTLS): implicit TLS from the first
 * byte, or an SMTP greeting and EHLO offering STARTTLS before the handshake; then every byte goes
 * to and from the real server behind it (whose own greeting is swallowed after STARTTLS). Records
 * the SNI host name each client sent.
 */
final class SmtpTlsFront implements AutoCloseable {
  private final ServerSocket listener;
  private final SSLContext tls;
  private final boolean startTls;
  private final InetSocketAddress backend;
  private final List<String> serverNames = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  SmtpTlsFront(
      InetAddress bind, int port, SSLContext tls, boolean startTls, InetSocketAddress backend)
      throws IOException {
    this.listener = new ServerSocket(port, 10, bind);
    this.tls = tls;
    this.startTls = startTls;
    this.backend = backend;
    this.acceptor = new Thread(this::acceptLoop, "smtp-tls-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The SNI host names clients sent, one per handshake. */
  List<String> serverNames() {
    return serverNames;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread t = new Thread(() -> serve(client), "smtp-tls-front-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      if (startTls) {
        OutputStream out = plain.getOutputStream();
        InputStream in = plain.getInputStream();
        write(out, "220 front ESMTP\r\n");
        readLine(in); // EHLO
        write(out, "250-front\r\n250 STARTTLS\r\n");
        readLine(in); // STARTTLS
        write(out, "220 ready to start TLS\r\n");
      }
      SSLSocket secure =
          (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
      secure.setUseClientMode(false);
      SSLParameters params = secure.getSSLParameters();
      params.setSNIMatchers(List.of(new Recorder()));
      secure.setSSLParameters(params);
      secure.startHandshake();
      try (Socket server = new Socket(backend.getAddress(), backend.getPort())) {
        if (startTls) {
          readLine(server.getInputStream()); // the server's greeting: the client had the front's
        }
        Thread up = pump(secure.getInputStream(), server.getOutputStream());
        pump(server.getInputStream(), secure.getOutputStream()).join();
        up.join(1_000);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the handshake failed: the test asserts on what arrived
    }
  }

  private final class Recorder extends SNIMatcher {
    Recorder() {
      super(0); // host_name
    }

    @Override
    public boolean matches(SNIServerName name) {
      serverNames.add(((SNIHostName) name).getAsciiName());
      return true;
    }
  }

  private static Thread pump(InputStream from, OutputStream to) {
    Thread t =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
                to.flush();
              } catch (IOException e) {
                // one side closed
              }
            },
            "smtp-tls-front-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).strip();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
