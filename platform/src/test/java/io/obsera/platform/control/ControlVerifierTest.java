package io.obsera.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ControlVerifierTest {
  private static final String TOPIC = "obsera.control.api-keys";
  private static final byte[] VALUE = "{\"keyId\":\"k1\"}".getBytes(StandardCharsets.UTF_8);

  private final KeyPair ours = ControlSignature.generate();
  private final ControlTrust trust = ControlTrust.signing(ours, Clock.systemUTC(), List.of());
  private final ControlSigner signer = trust.requireSigner();
  private final ControlVerifier verifier = trust.verifier();

  @Test
  void should_acceptARecordSignedByATrustedKey_withItsVersionAndOperation() {
    Headers h = signer.sign(TOPIC, "k1", 42, false, VALUE);
    ControlVerifier.Verdict v = verifier.verify(TOPIC, "k1", VALUE, h);
    assertThat(v.accepted()).isTrue();
    assertThat(v.version()).isEqualTo(42);
    assertThat(v.delete()).isFalse();

    ControlVerifier.Verdict deletion =
        verifier.verify(TOPIC, "k1", new byte[0], signer.sign(TOPIC, "k1", 43, true, new byte[0]));
    assertThat(deletion.accepted()).isTrue();
    assertThat(deletion.delete()).isTrue();
  }

  @Test
  void should_refuseUnsignedForgedAndAlteredRecords() {
    assertThat(verifier.verify(TOPIC, "k1", VALUE, new RecordHeaders()).problem())
        .isEqualTo("unsigned");
    assertThat(verifier.verify(TOPIC, "k1", null, new RecordHeaders()).problem())
        .contains("bare tombstone");

    ControlSigner attacker =
        ControlTrust.signing(ControlSignature.generate(), Clock.systemUTC(), List.of())
            .requireSigner();
    assertThat(verifier.verify(TOPIC, "k1", VALUE, attacker.sign(TOPIC, "k1", 1, false, VALUE)))
        .extracting(ControlVerifier.Verdict::accepted, ControlVerifier.Verdict::problem)
        .containsExactly(false, "signed by an unknown key " + attacker.keyId());

    Headers h = signer.sign(TOPIC, "k1", 7, false, VALUE);
    byte[] altered = "{\"keyId\":\"k2\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(TOPIC, "k1", altered, h).problem()).isEqualTo("bad signature");
    // the same signed bytes under another key or in another topic do not verify either
    assertThat(verifier.verify(TOPIC, "k2", VALUE, h).accepted()).isFalse();
    assertThat(verifier.verify("obsera.control.tenants", "k1", VALUE, h).accepted()).isFalse();
    // a version raised by hand breaks the signature
    RecordHeaders raised = new RecordHeaders(h.toArray());
    raised.remove(ControlSignature.VERSION_HEADER);
    raised.add(ControlSignature.VERSION_HEADER, "99".getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(TOPIC, "k1", VALUE, raised).problem()).isEqualTo("bad signature");
    // a put turned into a deletion breaks it too
    RecordHeaders flipped = new RecordHeaders(h.toArray());
    flipped.remove(ControlSignature.OP_HEADER);
    flipped.add(ControlSignature.OP_HEADER, "delete".getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(TOPIC, "k1", new byte[0], flipped).accepted()).isFalse();
  }

  @Test
  void should_giveIncreasingVersions_evenWhenTheClockStandsStill() {
    Clock frozen = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    ControlSigner s = ControlTrust.signing(ours, frozen, List.of()).requireSigner();
    long a = s.nextVersion();
    long b = s.nextVersion();
    assertThat(a).isEqualTo(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli() * 1000);
    assertThat(b).isGreaterThan(a);
  }

  @Test
  void should_readKeysFromTheEnvironment_andNameTheVariableWhenWrong() {
    String priv = ControlTrust.encodePrivate(ours.getPrivate());
    String pub = ControlTrust.encodePublic(ours.getPublic());
    ControlTrust writer = ControlTrust.fromEnv(Map.of(ControlTrust.SIGNING_KEY_ENV, priv));
    ControlTrust reader = ControlTrust.fromEnv(Map.of(ControlTrust.VERIFY_KEYS_ENV, pub));
    // the public key derived from the private one is the real one: the reader trusts the writer
    Headers h = writer.requireSigner().sign(TOPIC, "k1", 1, false, VALUE);
    assertThat(reader.verify(TOPIC, "k1", VALUE, h)).isTrue();
    assertThat(reader.signer()).isEmpty();
    assertThatThrownBy(reader::requireSigner).hasMessageContaining(ControlTrust.SIGNING_KEY_ENV);

    assertThatThrownBy(() -> ControlTrust.fromEnv(Map.of()))
        .hasMessageContaining(ControlTrust.VERIFY_KEYS_ENV);
    assertThatThrownBy(() -> ControlTrust.fromEnv(Map.of(ControlTrust.VERIFY_KEYS_ENV, "bm9wZQ==")))
        .hasMessageContaining(ControlTrust.VERIFY_KEYS_ENV);
    assertThatThrownBy(() -> ControlTrust.fromEnv(Map.of(ControlTrust.SIGNING_KEY_ENV, "%%")))
        .hasMessageContaining(ControlTrust.SIGNING_KEY_ENV);
  }
}
