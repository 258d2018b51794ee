package io.obsera.probe.check;

import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves every host through {@link TargetGuard} at each lookup, so the addresses a check connects
 * to are the ones the guard accepted (no second lookup between check and connect). The client keeps
 * no idle connection, so every check looks the host up again: a host whose DNS changes to a private
 * address is refused at its next check.
 */
final class GuardedDns implements Dns {
  private final TargetGuard guard;

  GuardedDns(TargetGuard guard) {
    this.guard = guard;
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    try {
      return guard.resolve(host);
    } catch (RefusedTargetException e) {
      throw new RefusedHostException(e.getMessage());
    }
  }

  /** A lookup the guard refused (okhttp's {@link Dns} may only throw UnknownHostException). */
  static final class RefusedHostException extends UnknownHostException {
    RefusedHostException(String message) {
      super(message);
    }
  }
}
