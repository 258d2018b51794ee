package io.obsera.platform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The SSRF rule on address literals (no DNS needed). */
class TargetGuardTest {
  private static final TargetGuard STRICT = TargetGuard.strict();

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void should_refuseNonPublicAddresses_withoutAllowlist() {
    String[] refused = {
      "127.0.0.1",
      "127.255.0.9",
      "::1",
      "10.0.0.1",
      "10.255.255.255",
      "172.16.0.1",
      "172.31.255.254",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "100.127.255.255",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:10.1.2.3",
      "2002:c0a8:0101::1", // 6to4 of 192.168.1.1
      "2002:7f00:0001::1", // 6to4 of 127.0.0.1
      "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
      "0.0.0.0",
      "::",
      "224.0.0.1",
      "239.255.255.250",
      "ff02::1",
      "255.255.255.255"
    };
    for (String a : refused) {
      assertThat(STRICT.isAllowed(ip(a))).as(a).isFalse();
    }
  }

  @Test
  void should_refuseTeredoLocalUseNat64And6to4RelayRanges() {
    String[] refused = {
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo (its client: 192.0.2.45, obfuscated)
      "2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
      "64:ff9b:1::7f00:1", // local-use NAT64 of 127.0.0.1
      "64:ff9b:1:ffff::808:808", // local-use NAT64, public-looking suffix
      "192.88.99.1", // 6to4 relay anycast
      "192.88.99.255"
    };
    for (String a : refused) {
      assertThat(STRICT.isAllowed(ip(a))).as(a).isFalse();
    }
    // the neighbours of those blocks stay public
    for (String a :
        new String[] {"2001:4860:4860::8888", "64:ff9b::808:808", "192.88.98.1", "192.88.100.1"}) {
      assertThat(STRICT.isAllowed(ip(a))).as(a).isTrue();
    }
  }

  @Test
  void should_allowPublicAddresses() {
    String[] allowed = {
      "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"
    };
    for (String a : allowed) {
      assertThat(STRICT.isAllowed(ip(a))).as(a).isTrue();
    }
  }

  @Test
  void should_nameHostAndAddress_whenRefusing() {
    assertThatThrownBy(() -> STRICT.check("metadata.internal", ip("169.254.169.254")))
        .isInstanceOf(RefusedTargetException.class)
        .hasMessageContaining("metadata.internal")
        .hasMessageContaining("169.254.169.254")
        .hasMessageContaining(TargetGuard.ENV);
  }

  @Test
  void should_resolveLiterals_andRefuseLoopbackLiterals() throws Exception {
    assertThat(STRICT.resolve("8.8.8.8")).containsExactly(ip("8.8.8.8"));
    assertThat(STRICT.resolve("[2606:4700:4700::1111]"))
        .containsExactly(ip("2606:4700:4700::1111"));
    assertThatThrownBy(() -> STRICT.resolve("127.0.0.1"))
        .isInstanceOf(RefusedTargetException.class)
        .hasMessageContaining("127.0.0.1");
    assertThatThrownBy(() -> STRICT.resolve("[::1]")).isInstanceOf(RefusedTargetException.class);
    assertThatThrownBy(() -> STRICT.resolve("no-such-host.invalid"))
        .isInstanceOf(RefusedTargetException.class)
        .hasMessageContaining("does not resolve");
  }

  @Test
  void should_admitExactlyTheAllowlistedBlocks() {
    TargetGuard g = TargetGuard.allowing("127.0.0.0/8, 10.1.0.0/16,fd00::/8", TargetGuard.ENV);
    assertThat(g.isAllowed(ip("127.0.0.1"))).isTrue();
    assertThat(g.isAllowed(ip("::ffff:127.0.0.1"))).isTrue();
    assertThat(g.isAllowed(ip("10.1.200.3"))).isTrue();
    assertThat(g.isAllowed(ip("10.2.0.1"))).isFalse();
    assertThat(g.isAllowed(ip("10.0.255.255"))).isFalse();
    assertThat(g.isAllowed(ip("fd12::1"))).isTrue();
    assertThat(g.isAllowed(ip("fc00::1"))).isFalse();
    assertThat(g.isAllowed(ip("::1"))).as("IPv6 loopback is not in 127.0.0.0/8").isFalse();
    assertThat(g.isAllowed(ip("169.254.169.254"))).isFalse();
    assertThat(g.isAllowed(ip("192.168.0.1"))).isFalse();
    assertThat(g.isAllowed(ip("8.8.8.8"))).isTrue();

    TargetGuard single = TargetGuard.allowing("192.168.5.7", TargetGuard.ENV);
    assertThat(single.isAllowed(ip("192.168.5.7"))).isTrue();
    assertThat(single.isAllowed(ip("192.168.5.8"))).isFalse();
    assertThat(TargetGuard.allowing(" , ", TargetGuard.ENV).isAllowed(ip("127.0.0.1"))).isFalse();
  }

  @Test
  void should_nameTheVariable_whenAnEntryIsBad() {
    for (String bad : new String[] {"localhost/8", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "abc"}) {
      assertThatThrownBy(() -> TargetGuard.allowing("127.0.0.0/8," + bad, TargetGuard.ENV))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(TargetGuard.ENV)
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> TargetGuard.fromEnv(java.util.Map.of(TargetGuard.ENV, "300.1.1.1/8")))
        .hasMessageContaining(TargetGuard.ENV);
    assertThat(TargetGuard.fromEnv(java.util.Map.of()).isAllowed(ip("127.0.0.1"))).isFalse();
  }
}
