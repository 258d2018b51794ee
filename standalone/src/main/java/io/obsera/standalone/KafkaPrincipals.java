package io.obsera.standalone;

import io.obsera.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka principals of the embedded broker, one per service, each with its SCRAM-SHA-512
 * password in the data directory and its ACLs: every service reads what it needs and writes its
 * data topics, groups and transactions, and only the query service writes the control topics
 * ({@code obsera.control.*}, denied to every other principal).
 */
final class KafkaPrincipals {
  /** The services, by principal name. */
  enum Service {
    QUERY("obsera-query"),
    INGEST("obsera-ingest"),
    STREAMS("obsera-streams"),
    WRITER("obsera-writer"),
    ALERTS("obsera-alerts");

    final String principal;

    Service(String principal) {
      this.principal = principal;
    }
  }

  static final String CONTROL_PREFIX = "obsera.control.";

  /**
   * Topics no service but the query service reads (password hashes, sessions, invites, password
   * resets, single sign-on configurations, TOTP enrolments, sign-in policies).
   */
  static final List<String> IDENTITY_TOPICS =
      List.of(
          Topics.CONTROL_USERS,
          Topics.CONTROL_MEMBERSHIPS,
          Topics.CONTROL_SESSIONS,
          Topics.CONTROL_SESSION_ACTIVITY,
          Topics.CONTROL_INVITES,
          Topics.CONTROL_PASSWORD_RESETS,
          Topics.CONTROL_SSO,
          Topics.CONTROL_TOTP,
          Topics.CONTROL_AUTH_POLICIES);

  private final Map<Service, String> passwords;
  private final Map<String, String> superUser;

  /**
   * @param passwords each service's password
   * @param superUser client settings of the broker's super user (provisioning)
   */
  KafkaPrincipals(Map<Service, String> passwords, Map<String, String> superUser) {
    this.passwords = Map.copyOf(passwords);
    this.superUser = Map.copyOf(superUser);
  }

  /** Passwords from the data directory ({@code kafka-<principal>-password}, generated once). */
  static KafkaPrincipals of(Secrets secrets, Map<String, String> superUser) {
    Map<Service, String> pw = new LinkedHashMap<>();
    for (Service s : Service.values()) {
      pw.put(
          s,
          secrets
              .get("kafka-" + s.principal + "-password", java.util.Optional.empty(), 24)
              .value());
    }
    return new KafkaPrincipals(pw, superUser);
  }

  /** Kafka client settings of {@code service}: SCRAM-SHA-512 over SASL_PLAINTEXT. */
  Map<String, String> clientSettings(Service service) {
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + service.principal
                + "\" password=\""
                + passwords.get(service)
                + "\";");
  }

  /** {@code base} (the operator's {@code KAFKA_*}) with {@code service}'s credentials on top. */
  Map<String, String> clientSettings(Service service, Map<String, String> base) {
    Map<String, String> m = new HashMap<>(base);
    m.putAll(clientSettings(service));
    return m;
  }

  /**
   * SCRAM iterations of the service credentials: Kafka's minimum for SHA-512 (RFC 7677's). Every
   * client connection pays them (the client salts the password once per sign-in: dozens of
   * connections while standalone starts); the passwords are random 24-character secrets, which more
   * iterations would not make harder to guess.
   */
  static final int SCRAM_ITERATIONS = 4096;

  /**
   * Creates or updates the SCRAM credential of every service that lacks one (first start), has one
   * of other iterations, or whose password in the data directory the broker refuses; then every
   * service's ACLs (idempotent). A warm start signs each service in once and writes no credential.
   *
   * @return the services whose credential was written
   */
  Set<Service> provision(String bootstrap) {
    Map<String, Object> settings = new HashMap<>(superUser);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Set<Service> written;
    try (Admin admin = Admin.create(settings)) {
      written = credentialsToWrite(admin, bootstrap);
      if (!written.isEmpty()) {
        List<UserScramCredentialAlteration> creds = new ArrayList<>();
        for (Service s : written) {
          creds.add(
              new UserScramCredentialUpsertion(
                  s.principal,
                  new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                  passwords.get(s)));
        }
        admin.alterUserScramCredentials(creds).all().get(30, TimeUnit.SECONDS);
      }
      admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot provision the Kafka users and ACLs: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted provisioning Kafka users", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    onEachService(written, s -> awaitUsable(bootstrap, s, deadline));
    return written;
  }

  /**
   * The services without a SCRAM-SHA-512 credential of {@link #SCRAM_ITERATIONS}, and those the
   * broker does not sign in with the password in the data directory (tried once each, at once).
   */
  private Set<Service> credentialsToWrite(Admin admin, String bootstrap)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, UserScramCredentialsDescription> described =
        admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS);
    Set<Service> write = EnumSet.noneOf(Service.class);
    Set<Service> current = EnumSet.noneOf(Service.class);
    for (Service s : Service.values()) {
      boolean same =
          described.containsKey(s.principal)
              && described.get(s.principal).credentialInfos().stream()
                  .anyMatch(
                      c ->
                          c.mechanism() == ScramMechanism.SCRAM_SHA_512
                              && c.iterations() == SCRAM_ITERATIONS);
      (same ? current : write).add(s);
    }
    Set<Service> refused = ConcurrentHashMap.newKeySet();
    onEachService(
        current,
        s -> {
          if (signInFailure(bootstrap, s) != null) {
            refused.add(s);
          }
        });
    write.addAll(refused);
    return write;
  }

  /** Runs {@code check} for every service of {@code services} at once, each on its own thread. */
  private static void onEachService(Set<Service> services, Consumer<Service> check) {
    if (services.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(services.size());
    try {
      List<CompletableFuture<Void>> checks = new ArrayList<>();
      for (Service s : services) {
        checks.add(CompletableFuture.runAsync(() -> check.accept(s), pool));
      }
      CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Why the broker does not sign {@code s} in with its password (one try), or null if it does. */
  private Exception signInFailure(String bootstrap, Service s) {
    Map<String, Object> settings = new HashMap<>(clientSettings(s));
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    try (Admin admin = Admin.create(settings)) {
      admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Waits until the broker authenticates {@code s}'s new credential (metadata reaches it shortly).
   */
  private void awaitUsable(String bootstrap, Service s, long deadline) {
    Exception failure;
    while ((failure = signInFailure(bootstrap, s)) != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka does not authenticate " + s.principal + ": " + failure.getMessage(), failure);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The ACLs of every service principal. */
  static List<AclBinding> acls() {
    List<AclBinding> acls = new ArrayList<>();
    for (Service s : Service.values()) {
      String p = "User:" + s.principal;
      allow(
          acls,
          p,
          ResourceType.CLUSTER,
          "kafka-cluster",
          PatternType.LITERAL,
          AclOperation.DESCRIBE,
          AclOperation.IDEMPOTENT_WRITE,
          AclOperation.DESCRIBE_CONFIGS);
      allow(
          acls,
          p,
          ResourceType.GROUP,
          "*",
          PatternType.LITERAL,
          AclOperation.READ,
          AclOperation.DESCRIBE);
      allow(
          acls,
          p,
          ResourceType.TRANSACTIONAL_ID,
          "*",
          PatternType.LITERAL,
          AclOperation.WRITE,
          AclOperation.DESCRIBE);
      if (s == Service.QUERY) {
        // reads everything (health, lag, views); writes only the control topics and the audit
        allow(
            acls,
            p,
            ResourceType.TOPIC,
            "*",
            PatternType.LITERAL,
            AclOperation.READ,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS);
        allow(
            acls,
            p,
            ResourceType.TOPIC,
            CONTROL_PREFIX,
            PatternType.PREFIXED,
            AclOperation.WRITE,
            AclOperation.CREATE);
        // and the audit trail of what people and keys did
        allow(acls, p, ResourceType.TOPIC, Topics.AUDIT, PatternType.LITERAL, AclOperation.WRITE);
      } else {
        // data topics and the Streams applications' internal topics; never the control topics
        allow(
            acls,
            p,
            ResourceType.TOPIC,
            "*",
            PatternType.LITERAL,
            AclOperation.READ,
            AclOperation.WRITE,
            AclOperation.CREATE,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.DELETE);
        for (AclOperation op :
            List.of(
                AclOperation.WRITE,
                AclOperation.CREATE,
                AclOperation.DELETE,
                AclOperation.ALTER,
                AclOperation.ALTER_CONFIGS)) {
          acls.add(
              new AclBinding(
                  new ResourcePattern(ResourceType.TOPIC, CONTROL_PREFIX, PatternType.PREFIXED),
                  new AccessControlEntry(p, "*", op, AclPermissionType.DENY)));
        }
        // people's accounts, sessions and invites: only the query service reads them
        for (String identity : IDENTITY_TOPICS) {
          acls.add(
              new AclBinding(
                  new ResourcePattern(ResourceType.TOPIC, identity, PatternType.LITERAL),
                  new AccessControlEntry(p, "*", AclOperation.READ, AclPermissionType.DENY)));
        }
      }
    }
    return acls;
  }

  private static void allow(
      List<AclBinding> acls,
      String principal,
      ResourceType type,
      String name,
      PatternType pattern,
      AclOperation... ops) {
    for (AclOperation op : ops) {
      acls.add(
          new AclBinding(
              new ResourcePattern(type, name, pattern),
              new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
  }
}
