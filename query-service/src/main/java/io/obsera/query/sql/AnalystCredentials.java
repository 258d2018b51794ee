package io.obsera.query.sql;

import io.obsera.model.Topics;
import io.obsera.model.access.TenantReader;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each tenant's read-only ClickHouse user and its password. The user of tenant {@code default} is
 * {@code analyst} (the analyst user of earlier releases); others are {@code analyst_<tenant>} with
 * {@code -} as {@code _}, and when that is longer than 64 characters its first 51 characters, an
 * {@code _} and the first 12 hex digits of the SHA-256 of the tenant id (stable across restarts;
 * names that fit stay as they always were, so deployed readers keep working). The password is
 * HMAC-SHA256(secret, tenant/version): every query-service instance derives the same one, and
 * rotating bumps the version in the control plane.
 */
public final class AnalystCredentials {
  public static final String DEFAULT_TENANT = "default";
  public static final String DEFAULT_TENANT_USER = "analyst";

  /** Longest reader user name ({@link TenantReader}). */
  static final int MAX_USER_LENGTH = 64;

  private final byte[] secret;
  private final Optional<String> defaultTenantInitialPassword;
  private final KeyedTopicView<AnalystCredentialRecord> versions;
  private final ControlPlaneWriter writer;
  private final Clock clock;

  /**
   * @param defaultTenantInitialPassword the {@code default} tenant's password until its first
   *     rotation ({@code OBSERA_ANALYST_PASSWORD}), if set
   */
  public AnalystCredentials(
      String secret,
      Optional<String> defaultTenantInitialPassword,
      KeyedTopicView<AnalystCredentialRecord> versions,
      ControlPlaneWriter writer,
      Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.defaultTenantInitialPassword = defaultTenantInitialPassword;
    this.versions = versions;
    this.writer = writer;
    this.clock = clock;
  }

  public static String userName(String tenantId) {
    if (tenantId.equals(DEFAULT_TENANT)) {
      return DEFAULT_TENANT_USER;
    }
    String plain = "analyst_" + tenantId.replace('-', '_');
    if (plain.length() <= MAX_USER_LENGTH) {
      return plain;
    }
    String hash = HexFormat.of().formatHex(sha256(tenantId)).substring(0, 12);
    return plain.substring(0, MAX_USER_LENGTH - hash.length() - 1) + "_" + hash;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public long version(String tenantId) {
    return versions.get(tenantId).map(AnalystCredentialRecord::version).orElse(0L);
  }

  /** The tenant's reader with its current password. */
  public TenantReader reader(String tenantId) {
    long version = version(tenantId);
    String password =
        version == 0 && tenantId.equals(DEFAULT_TENANT) && defaultTenantInitialPassword.isPresent()
            ? defaultTenantInitialPassword.get()
            : derive(tenantId, version);
    return new TenantReader(tenantId, userName(tenantId), password);
  }

  /**
   * Gives the tenant a new password; returns once this instance's view has it (after 10 s without
   * it, the reader the view has then).
   */
  public TenantReader rotate(String tenantId, String actor) {
    long next = version(tenantId) + 1;
    writer.put(
        Topics.CONTROL_ANALYST_CREDENTIALS,
        tenantId,
        new AnalystCredentialRecord(tenantId, next, clock.instant(), actor));
    Visibility.awaitUpTo(Duration.ofSeconds(10), () -> version(tenantId) >= next);
    return reader(tenantId);
  }

  private String derive(String tenantId, long version) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] raw = mac.doFinal((tenantId + "/" + version).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
