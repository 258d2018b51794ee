package io.obsera.identity;

import io.obsera.model.ConfigSupport;
import io.obsera.platform.send.MailConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of user accounts and sessions.
 *
 * @param sessionIdle a session not used for this long ends ({@code OBSERA_SESSION_IDLE_MINUTES},
 *     default 480)
 * @param sessionMax a session ends this long after sign-in whatever its use ({@code
 *     OBSERA_SESSION_MAX_HOURS}, default 168)
 * @param hashThreads password hashes computed at once ({@code OBSERA_PASSWORD_HASH_THREADS},
 *     default half the cores, at least 1); more waiting than {@code 4 x hashThreads} get 503
 * @param argon2MemoryKib Argon2id memory cost in KiB ({@code OBSERA_ARGON2_MEMORY_KIB}, default
 *     47104); iterations 2, parallelism 1
 * @param inviteTtl how long an invite link works ({@code OBSERA_INVITE_DAYS}, default 7)
 * @param publicUrl the address people open links at, for invite links ({@code OBSERA_PUBLIC_URL};
 *     null: the address of the request that made the invite)
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-Proto} and {@code
 *     X-Forwarded-For} headers are believed ({@code OBSERA_TRUSTED_PROXIES}, comma-separated IP
 *     addresses; default none): the session cookie is {@code Secure} when such a proxy says the
 *     request came over https, and sign-in throttling counts the forwarded client address
 * @param passwordResetTtl how long a password reset link works ({@code
 *     OBSERA_PASSWORD_RESET_MINUTES}, default 60)
 * @param mail the operator's mail sender for invites and password resets ({@code OBSERA_MAIL_*});
 *     with one, {@code publicUrl} is required (links in mails never come from a request's {@code
 *     Host} header, which a caller chooses)
 * @param publicOtlpUrl where people's SDKs send OTLP/HTTP, shown in the web UI's Get started
 *     ({@code OBSERA_PUBLIC_OTLP_URL}, e.g. {@code https://ingest.obsera.example.com}; null: port
 *     4318 on the host the UI was opened at, right for standalone's defaults)
 */
public record IdentityConfig(
    Duration sessionIdle,
    Duration sessionMax,
    int hashThreads,
    int argon2MemoryKib,
    Duration inviteTtl,
    String publicUrl,
    Set<String> trustedProxies,
    Duration passwordResetTtl,
    MailConfig mail,
    String publicOtlpUrl) {

  public IdentityConfig {
    requirePositive("OBSERA_SESSION_IDLE_MINUTES", sessionIdle, "minutes");
    requirePositive("OBSERA_SESSION_MAX_HOURS", sessionMax, "hours");
    ConfigSupport.requireRange("OBSERA_PASSWORD_HASH_THREADS", hashThreads, 1, 256);
    ConfigSupport.requireRange("OBSERA_ARGON2_MEMORY_KIB", argon2MemoryKib, 1024, 1 << 21);
    requirePositive("OBSERA_INVITE_DAYS", inviteTtl, "days");
    if (publicUrl != null) {
      if (!publicUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
        throw new IllegalArgumentException(
            "OBSERA_PUBLIC_URL must be an http(s) URL like https://obsera.example.com, got "
                + publicUrl);
      }
      publicUrl = publicUrl.replaceAll("/+$", "");
    }
    requirePositive("OBSERA_PASSWORD_RESET_MINUTES", passwordResetTtl, "minutes");
    if (publicOtlpUrl != null) {
      if (!publicOtlpUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
        throw new IllegalArgumentException(
            "OBSERA_PUBLIC_OTLP_URL must be an http(s) URL like https://ingest.obsera.example.com,"
                + " got "
                + publicOtlpUrl);
      }
      publicOtlpUrl = publicOtlpUrl.replaceAll("/+$", "");
    }
    mail = mail == null ? MailConfig.none() : mail;
    if (mail.configured() && publicUrl == null) {
      throw new IllegalArgumentException(
          "OBSERA_PUBLIC_URL is required when a mail sender (OBSERA_MAIL_*) is set: links in"
              + " e-mails must not be built from a request's Host header");
    }
    trustedProxies = trustedProxies == null ? Set.of() : Set.copyOf(trustedProxies);
    for (String proxy : trustedProxies) {
      if (!proxy.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException(
            "OBSERA_TRUSTED_PROXIES must list IP addresses, got '" + proxy + "'");
      }
    }
  }

  /** Sessions and passwords as given; invites last 7 days, links use the request's address. */
  public IdentityConfig(
      Duration sessionIdle, Duration sessionMax, int hashThreads, int argon2MemoryKib) {
    this(sessionIdle, sessionMax, hashThreads, argon2MemoryKib, Duration.ofDays(7), null, Set.of());
  }

  /** As given, with reset links working 60 minutes and no mail sender. */
  public IdentityConfig(
      Duration sessionIdle,
      Duration sessionMax,
      int hashThreads,
      int argon2MemoryKib,
      Duration inviteTtl,
      String publicUrl,
      Set<String> trustedProxies) {
    this(
        sessionIdle,
        sessionMax,
        hashThreads,
        argon2MemoryKib,
        inviteTtl,
        publicUrl,
        trustedProxies,
        Duration.ofMinutes(60),
        MailConfig.none(),
        null);
  }

  /** This configuration with {@code mail} as the mail sender and links at {@code publicUrl}. */
  public IdentityConfig withMail(MailConfig mail, String publicUrl) {
    return new IdentityConfig(
        sessionIdle,
        sessionMax,
        hashThreads,
        argon2MemoryKib,
        inviteTtl,
        publicUrl,
        trustedProxies,
        passwordResetTtl,
        mail,
        publicOtlpUrl);
  }

  private static void requirePositive(String variable, Duration d, String unit) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(variable + " must be a positive number of " + unit);
    }
  }

  public static IdentityConfig defaults() {
    return fromEnv(Map.of());
  }

  public static IdentityConfig fromEnv(Map<String, String> env) {
    return new IdentityConfig(
        Duration.ofMinutes(ConfigSupport.longVar(env, "OBSERA_SESSION_IDLE_MINUTES", 480)),
        Duration.ofHours(ConfigSupport.longVar(env, "OBSERA_SESSION_MAX_HOURS", 168)),
        ConfigSupport.intVar(
            env,
            "OBSERA_PASSWORD_HASH_THREADS",
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
        ConfigSupport.intVar(env, "OBSERA_ARGON2_MEMORY_KIB", 47104),
        Duration.ofDays(ConfigSupport.longVar(env, "OBSERA_INVITE_DAYS", 7)),
        env.get("OBSERA_PUBLIC_URL"),
        ConfigSupport.listVar(env, "OBSERA_TRUSTED_PROXIES"),
        Duration.ofMinutes(ConfigSupport.longVar(env, "OBSERA_PASSWORD_RESET_MINUTES", 60)),
        MailConfig.fromEnv(env),
        env.get("OBSERA_PUBLIC_OTLP_URL"));
  }
}
