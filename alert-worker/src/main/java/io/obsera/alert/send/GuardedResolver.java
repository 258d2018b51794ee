package io.obsera.alert.send;

import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.send.DeliveryException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a destination host and applies the SSRF rule to every address, at each delivery. A name
 * that does not resolve is a retryable failure (DNS trouble passes); a refused address is not.
 */
final class GuardedResolver {
  private final TargetGuard guard;
  private final Dns dns;

  /** The lookup behind the guard: the system resolver in service. */
  interface Dns {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  GuardedResolver(TargetGuard guard) {
    this(guard, InetAddress::getAllByName);
  }

  GuardedResolver(TargetGuard guard, Dns dns) {
    this.guard = guard;
    this.dns = dns;
  }

  List<InetAddress> resolve(String host) throws DeliveryException {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] all;
    try {
      all = dns.lookup(h);
    } catch (UnknownHostException e) {
      throw DeliveryException.retryable("host " + host + " does not resolve", e);
    }
    for (InetAddress a : all) {
      try {
        guard.check(host, a);
      } catch (RefusedTargetException e) {
        throw DeliveryException.refused(e.getMessage());
      }
    }
    return List.of(all);
  }

  /**
   * {@link #resolve} for the DNS callback of an HTTP client, which may only throw {@link
   * UnknownHostException}: a refused or unresolvable host fails the connection with the reason.
   */
  List<InetAddress> lookup(String host) throws UnknownHostException {
    try {
      return resolve(host);
    } catch (DeliveryException e) {
      throw new UnknownHostException(e.getMessage());
    }
  }
}
