package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.TestControlKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Standalone's broker as an attacker on the same machine meets it: no anonymous client, no guessed
 * password, and no service but the query service writes the control topics (where API keys live).
 */
class KafkaPrincipalsIT {
  static EmbeddedKafka kafka;
  static KafkaPrincipals principals;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "kafka-principals-");
    Secrets secrets = new Secrets(dir);
    kafka =
        EmbeddedKafka.start(
            new EmbeddedKafka.Config(
                dir.resolve("kafka"),
                "127.0.0.1",
                0,
                0,
                secrets.get("kafka-broker-password", java.util.Optional.empty(), 32).value()));
    principals = KafkaPrincipals.of(secrets, kafka.superUserSettings());
    assertThat(principals.provision(kafka.bootstrapServers()))
        .containsExactlyInAnyOrder(KafkaPrincipals.Service.values());
    TopicProvisioner.ensure(kafka.bootstrapServers(), kafka.superUserSettings(), Topics.all(1));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void should_refuseAnAnonymousProducer() {
    assertThatThrownBy(() -> send(Map.of(), Topics.CONTROL_API_KEYS))
        .isInstanceOfAny(TimeoutException.class, ExecutionException.class);
  }

  @Test
  void should_refuseAWrongPassword() {
    Map<String, String> wrong =
        new HashMap<>(principals.clientSettings(KafkaPrincipals.Service.QUERY));
    wrong.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"obsera-query\" password=\"guessed\";");
    assertThatThrownBy(() -> send(wrong, Topics.CONTROL_API_KEYS))
        .hasRootCauseInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void should_letOnlyTheQueryServiceWriteControlTopics() throws Exception {
    for (KafkaPrincipals.Service s :
        List.of(
            KafkaPrincipals.Service.INGEST,
            KafkaPrincipals.Service.STREAMS,
            KafkaPrincipals.Service.WRITER,
            KafkaPrincipals.Service.ALERTS)) {
      for (String control : Topics.controlTopics()) {
        assertThatThrownBy(() -> send(principals.clientSettings(s), control))
            .as(s + " writing " + control)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
      // its own data topics it writes
      send(principals.clientSettings(s), Topics.OTLP_SPANS);
    }
    for (String control : Topics.controlTopics()) {
      send(principals.clientSettings(KafkaPrincipals.Service.QUERY), control);
    }
    send(principals.clientSettings(KafkaPrincipals.Service.QUERY), Topics.AUDIT);
    assertThatThrownBy(
            () -> send(principals.clientSettings(KafkaPrincipals.Service.QUERY), Topics.OTLP_SPANS))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void should_letOnlyTheQueryServiceReadPeoplesAccountsAndSessions() throws Exception {
    for (KafkaPrincipals.Service s :
        List.of(KafkaPrincipals.Service.INGEST, KafkaPrincipals.Service.ALERTS)) {
      for (String topic : KafkaPrincipals.IDENTITY_TOPICS) {
        assertThatThrownBy(() -> read(principals.clientSettings(s), topic))
            .as(s + " reading " + topic)
            .isInstanceOf(TopicAuthorizationException.class);
      }
      read(principals.clientSettings(s), Topics.CONTROL_API_KEYS); // what it needs it reads
    }
    for (String topic : KafkaPrincipals.IDENTITY_TOPICS) {
      read(principals.clientSettings(KafkaPrincipals.Service.QUERY), topic);
    }
  }

  @Test
  void should_stopOnlyTheViewOfATopicItMayNotRead_whenTheViewsOfAServiceShareAConsumer()
      throws Exception {
    Map<String, String> ingest = principals.clientSettings(KafkaPrincipals.Service.INGEST);
    try (ControlPlaneWriter writer =
            new ControlPlaneWriter(
                kafka.bootstrapServers(),
                principals.clientSettings(KafkaPrincipals.Service.QUERY),
                TestControlKeys.signer());
        KeyedTopicView<JsonNode> forbidden = view(ingest, Topics.CONTROL_USERS).start();
        KeyedTopicView<JsonNode> allowed = view(ingest, Topics.CONTROL_API_KEYS).start()) {
      assertThat(allowed.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();

      writer.put(Topics.CONTROL_API_KEYS, "principals-it", Map.of("keyId", "principals-it"));

      await().atMost(Duration.ofSeconds(20)).until(() -> allowed.get("principals-it").isPresent());
      assertThat(forbidden.isCaughtUp()).isFalse();
      // it says why, for readiness and operators
      await().atMost(Duration.ofSeconds(20)).until(() -> forbidden.stopped().isPresent());
      assertThat(forbidden.stopped().orElseThrow()).contains(Topics.CONTROL_USERS);
      assertThat(allowed.stopped()).isEmpty();
    }
  }

  @Test
  void should_writeOnlyTheCredentialsThatAreMissingOutdatedOrRefused_whenProvisionedAgain()
      throws Exception {
    // a warm start: every credential is there and signs in
    assertThat(principals.provision(kafka.bootstrapServers())).isEmpty();

    // one of another iteration count (an older version's), one whose password file changed
    Map<String, Object> superUser = new HashMap<>(kafka.superUserSettings());
    superUser.put("bootstrap.servers", kafka.bootstrapServers());
    Map<KafkaPrincipals.Service, String> passwords =
        new java.util.EnumMap<>(KafkaPrincipals.Service.class);
    for (KafkaPrincipals.Service s : KafkaPrincipals.Service.values()) {
      passwords.put(s, password(principals.clientSettings(s)));
    }
    try (Admin admin = Admin.create(superUser)) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      KafkaPrincipals.Service.WRITER.principal,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                      passwords.get(KafkaPrincipals.Service.WRITER))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    passwords.put(KafkaPrincipals.Service.ALERTS, "a-new-password-of-24-chr");
    KafkaPrincipals changed = new KafkaPrincipals(passwords, kafka.superUserSettings());
    try {
      assertThat(changed.provision(kafka.bootstrapServers()))
          .containsExactlyInAnyOrder(
              KafkaPrincipals.Service.WRITER, KafkaPrincipals.Service.ALERTS);
      try (Admin admin = Admin.create(superUser)) {
        assertThat(
                admin
                    .describeUserScramCredentials(List.of(KafkaPrincipals.Service.WRITER.principal))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(KafkaPrincipals.Service.WRITER.principal)
                    .credentialInfos())
            .extracting(ScramCredentialInfo::iterations)
            .containsExactly(KafkaPrincipals.SCRAM_ITERATIONS);
      }
      read(changed.clientSettings(KafkaPrincipals.Service.ALERTS), Topics.OTLP_SPANS);
    } finally {
      // the other tests sign in with the passwords of the data directory
      assertThat(principals.provision(kafka.bootstrapServers()))
          .containsExactly(KafkaPrincipals.Service.ALERTS);
    }
  }

  private static String password(Map<String, String> settings) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("password=\"([^\"]*)\"")
            .matcher(settings.get("sasl.jaas.config"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static KeyedTopicView<JsonNode> view(Map<String, String> settings, String topic) {
    return new KeyedTopicView<>(
        kafka.bootstrapServers(), settings, TestControlKeys.verifier(), topic, JsonNode.class);
  }

  private static void read(Map<String, String> settings, String topic) {
    Map<String, Object> p = new HashMap<>(settings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      consumer.poll(Duration.ofSeconds(3));
      consumer.position(tp, Duration.ofSeconds(5));
    }
  }

  private static void send(Map<String, String> settings, String topic) throws Exception {
    Map<String, Object> p = new HashMap<>(settings);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 4000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "{}")).get(10, TimeUnit.SECONDS);
    }
  }
}
