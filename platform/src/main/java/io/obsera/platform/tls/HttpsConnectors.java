package io.obsera.platform.tls;

import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty HTTPS connector from PEM files ({@code OBSERA_TLS_*}): the OTLP/HTTP listener's and the
 * API port's. Added in place of Javalin's plaintext connector, so the port speaks TLS only.
 */
public final class HttpsConnectors {
  private HttpsConnectors() {}

  /** A TLS-only connector on {@code host:port} (0 = any free port). */
  public static ServerConnector create(
      Server server, HttpConfiguration http, TlsFiles tls, String host, int port) {
    // The key store lives in memory only; its password just satisfies the KeyStore API.
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getEncoder().encodeToString(random);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(
        PemKeyStore.load(tls.certificateChain(), tls.privateKey(), password.toCharArray()));
    ssl.setKeyStorePassword(password);
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // One certificate for every name: clients verify the host name themselves, so requests for
    // an IP address or another DNS name of this host are not refused with 400 "Invalid SNI".
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
