package io.obsera.query.control;

import io.obsera.identity.TotpEnrolments;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.ControlRecordRotation;
import io.obsera.platform.crypto.SealedRecords;
import io.obsera.query.QueryConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query service's part of a key rotation, run at its start (before it serves): when it trusts
 * control-record keys besides its signing key, or opens secrets with a previous {@code
 * OBSERA_SECRET_KEY}, every control record is moved to the current keys ({@link
 * ControlRecordRotation}); outside a rotation it reads nothing.
 */
public final class KeyRotation {
  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  private KeyRotation() {}

  /** One pass if a rotation is under way; returns what it did (all zero otherwise). */
  public static ControlRecordRotation.Result moveToCurrentKeys(
      QueryConfig config, ControlPlaneWriter writer) {
    var verifier = config.controlTrust().verifier();
    String signingKey = config.controlTrust().requireSigner().keyId();
    if (verifier.keyIds().size() <= 1 && config.secretKey().previousKeyIds().isEmpty()) {
      return new ControlRecordRotation.Result(0, 0, 0);
    }
    ControlRecordRotation.Result r =
        ControlRecordRotation.run(
            config.kafkaBootstrap(),
            config.kafkaOverrides(),
            verifier,
            writer,
            Topics.controlTopics(),
            resealers(config));
    log.info(
        "key rotation: {} control records signed again with key {}, {} re-sealed under secret key"
            + " {}{}",
        r.resigned(),
        signingKey,
        r.rewritten(),
        config.secretKey().keyId(),
        r.failed() == 0
            ? ""
            : "; " + r.failed() + " could not be re-sealed (logged above), keep their old key");
    return r;
  }

  /** Every sealed record's rewriter: channels and endpoints, and the identity's TOTP secrets. */
  static Map<String, UnaryOperator<byte[]>> resealers(QueryConfig config) {
    Map<String, UnaryOperator<byte[]>> all =
        new HashMap<>(SealedRecords.resealers(config.secretKey()));
    all.put(Topics.CONTROL_TOTP, TotpEnrolments.resealer(config.secretKey()));
    return all;
  }
}
