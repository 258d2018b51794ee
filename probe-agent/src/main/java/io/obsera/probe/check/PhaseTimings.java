package io.obsera.probe.check;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;

/**
 * Phase timings of one call, from okhttp's events (nanoTime stamps): DNS lookup, TCP connect, TLS
 * handshake and time to first byte (the response headers arriving), each null when the phase did
 * not happen (IP literal, plain http, no response).
 */
final class PhaseTimings extends EventListener {
  private volatile long callStart;
  private volatile long dnsStart;
  private volatile long dnsEnd;
  private volatile long connectStart;
  private volatile long connectEnd;
  private volatile long tlsStart;
  private volatile long tlsEnd;
  private volatile long firstByte;

  @Override
  public void callStart(Call call) {
    callStart = System.nanoTime();
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<java.net.InetAddress> addresses) {
    dnsEnd = System.nanoTime();
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    if (connectStart == 0) {
      connectStart = System.nanoTime();
    }
  }

  @Override
  public void secureConnectStart(Call call) {
    tlsStart = System.nanoTime();
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    tlsEnd = System.nanoTime();
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    connectEnd = System.nanoTime();
  }

  @Override
  public void responseHeadersStart(Call call) {
    if (firstByte == 0) {
      firstByte = System.nanoTime();
    }
  }

  Double dnsMs() {
    return between(dnsStart, dnsEnd);
  }

  /** TCP connect only: up to the start of the TLS handshake when there is one. */
  Double connectMs() {
    return between(connectStart, tlsStart != 0 ? tlsStart : connectEnd);
  }

  Double tlsMs() {
    return between(tlsStart, tlsEnd);
  }

  /** From the start of the call to the first response bytes (headers). */
  Double ttfbMs() {
    return between(callStart, firstByte);
  }

  private static Double between(long from, long to) {
    return from == 0 || to == 0 || to < from ? null : (to - from) / 1e6;
  }
}
