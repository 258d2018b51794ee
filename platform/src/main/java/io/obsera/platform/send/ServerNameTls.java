package io.obsera.platform.send;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Layers TLS over a socket already connected to a checked address, in the name of the server's host
 * name: the name is sent as SNI and the certificate must be valid for it (endpoint identification),
 * whatever host (the address) the caller passes. It only layers; it never opens a connection itself
 * (that would look the name up again).
 */
public final class ServerNameTls extends SSLSocketFactory {
  private final SSLSocketFactory delegate;
  private final String serverName;

  public ServerNameTls(SSLSocketFactory delegate, String serverName) {
    this.delegate = delegate;
    this.serverName = serverName;
  }

  @Override
  public Socket createSocket(Socket connected, String ignoredHost, int port, boolean autoClose)
      throws IOException {
    SSLSocket socket = (SSLSocket) delegate.createSocket(connected, serverName, port, autoClose);
    SSLParameters params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("LDAPS");
    socket.setSSLParameters(params);
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw unconnected();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort) {
    throw unconnected();
  }

  @Override
  public Socket createSocket(InetAddress address, int port) {
    throw unconnected();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
    throw unconnected();
  }

  private static UnsupportedOperationException unconnected() {
    return new UnsupportedOperationException(
        "ServerNameTls only layers TLS over a socket connected to a checked address");
  }
}
