package io.obsera.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF rule for every URL a tenant can configure (probe targets, alert webhooks): the host's
 * addresses, resolved at each use, must all be public unless the operator's allowlist ({@code
 * OBSERA_TARGET_ALLOWLIST}: comma-separated CIDR blocks such as {@code 127.0.0.0/8,10.1.0.0/16})
 * covers them. Refused: unspecified, loopback, link-local (cloud metadata), site-local and unique
 * local, carrier-grade NAT, multicast, benchmarking, documentation and reserved ranges, the 6to4
 * relay anycast block, Teredo and local-use NAT64 (whole prefixes: they reach IPv4 addresses this
 * rule cannot see), and IPv4 addresses embedded in IPv6 (mapped, compatible, 6to4, NAT64) that fall
 * in them.
 */
public final class TargetGuard {
  /** Environment variable holding the allowlist. */
  public static final String ENV = "OBSERA_TARGET_ALLOWLIST";

  private static final List<Cidr> BLOCKED =
      List.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.0.2.0/24"),
          Cidr.parse("192.88.99.0/24"), // 6to4 relay anycast (deprecated, RFC 7526)
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("198.51.100.0/24"),
          Cidr.parse("203.0.113.0/24"),
          Cidr.parse("224.0.0.0/3"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("fec0::/10"),
          Cidr.parse("ff00::/8"),
          Cidr.parse("2001:db8::/32"),
          Cidr.parse("2001::/32"), // Teredo: tunnels to an IPv4 address hidden in the suffix
          Cidr.parse("64:ff9b:1::/48")); // local-use NAT64 (RFC 8215): translates to any IPv4

  private final List<Cidr> allowed;

  private TargetGuard(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** No exceptions: every non-public address is refused. */
  public static TargetGuard strict() {
    return new TargetGuard(List.of());
  }

  /**
   * A guard allowing the given CIDR blocks (comma-separated; blank: none).
   *
   * @throws IllegalArgumentException naming {@code source} and the bad entry
   */
  public static TargetGuard allowing(String cidrs, String source) {
    List<Cidr> list = new ArrayList<>();
    if (cidrs != null) {
      for (String part : cidrs.split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        try {
          list.add(Cidr.parse(p));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              source
                  + ": '"
                  + p
                  + "' is not a CIDR block such as 127.0.0.0/8 ("
                  + e.getMessage()
                  + ")");
        }
      }
    }
    return new TargetGuard(list);
  }

  /** The guard configured by {@link #ENV}. */
  public static TargetGuard fromEnv(java.util.Map<String, String> env) {
    return allowing(env.get(ENV), ENV);
  }

  /**
   * Resolves {@code host} and returns its addresses when every one is allowed.
   *
   * @throws RefusedTargetException naming the host and the refused address, or the lookup failure
   */
  public List<InetAddress> resolve(String host) throws RefusedTargetException {
    if (host == null || host.isEmpty()) {
      throw new RefusedTargetException("no host");
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(h);
    } catch (UnknownHostException e) {
      throw new RefusedTargetException("host " + host + " does not resolve");
    }
    for (InetAddress a : all) {
      check(host, a);
    }
    return List.of(all);
  }

  /** Throws when {@code address} (of {@code host}) is not public and not allowlisted. */
  public void check(String host, InetAddress address) throws RefusedTargetException {
    if (isAllowed(address)) {
      return;
    }
    throw new RefusedTargetException(
        "host "
            + host
            + " resolves to "
            + address.getHostAddress()
            + ", a non-public address; an operator may allow it with "
            + ENV);
  }

  /** Whether {@code address} may be contacted. */
  public boolean isAllowed(InetAddress address) {
    InetAddress embedded = embeddedIpv4(address);
    List<InetAddress> forms = embedded == null ? List.of(address) : List.of(address, embedded);
    for (InetAddress a : forms) {
      for (Cidr c : allowed) {
        if (c.contains(a)) {
          return true;
        }
      }
    }
    for (InetAddress a : forms) {
      for (Cidr c : BLOCKED) {
        if (c.contains(a)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The IPv4 address inside an IPv4-mapped, -compatible, 6to4 or NAT64 IPv6 address. */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    byte[] v4 = null;
    boolean zero10 = true;
    for (int i = 0; i < 10; i++) {
      zero10 &= b[i] == 0;
    }
    if (zero10 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
      v4 = new byte[] {b[12], b[13], b[14], b[15]};
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      v4 = new byte[] {b[2], b[3], b[4], b[5]};
    } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
      v4 = new byte[] {b[12], b[13], b[14], b[15]};
    }
    if (v4 == null) {
      return null;
    }
    try {
      return Inet4Address.getByAddress(v4);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A CIDR block of IPv4 or IPv6 addresses. */
  record Cidr(byte[] network, int bits) {
    static Cidr parse(String text) {
      String s = text.trim().toLowerCase(Locale.ROOT);
      int slash = s.indexOf('/');
      String addr = slash < 0 ? s : s.substring(0, slash);
      byte[] net = literal(addr);
      int bits;
      try {
        bits = slash < 0 ? net.length * 8 : Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix length is not a number");
      }
      if (bits < 0 || bits > net.length * 8) {
        throw new IllegalArgumentException("prefix length out of range");
      }
      return new Cidr(net, bits);
    }

    /**
     * The bytes of an IPv4 dotted quad or an IPv6 literal; never a DNS lookup (a bare word such as
     * {@code cafe} would otherwise be resolved as a host name).
     */
    private static byte[] literal(String addr) {
      if (addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        byte[] b = new byte[4];
        String[] parts = addr.split("\\.");
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(parts[i]);
          if (v > 255) {
            throw new IllegalArgumentException("not an IP address");
          }
          b[i] = (byte) v;
        }
        return b;
      }
      if (!addr.contains(":") || !addr.matches("[0-9a-f:.]+")) {
        throw new IllegalArgumentException("not an IP address");
      }
      try {
        return InetAddress.getByName(addr).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address");
      }
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (network[full] & mask);
    }
  }
}
