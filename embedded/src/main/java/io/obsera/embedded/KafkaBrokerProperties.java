package io.obsera.embedded;

import java.nio.file.Path;
import java.util.Properties;

/** Broker properties for a single-node KRaft Kafka (combined broker and controller). */
final class KafkaBrokerProperties {
  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KafkaBrokerProperties() {}

  /** The broker's own principal: the one super user, authenticated with PLAIN. */
  static final String SUPER_USER = "obsera-broker";

  static final String SASL_LISTENER = "CLIENT";

  /**
   * The broker with authentication: listener {@value #SASL_LISTENER} takes SCRAM-SHA-512 (the
   * services) and PLAIN (only {@value #SUPER_USER}, whose password never leaves the data
   * directory); the controller listener takes PLAIN for the broker itself; ACLs are enforced by the
   * KRaft {@code StandardAuthorizer} and nothing is allowed without an ACL.
   */
  static Properties secured(
      String host, int port, int controllerPort, Path logDir, String superUserPassword) {
    Properties props = of(host, port, controllerPort, logDir);
    String plain = plainJaas(superUserPassword);
    props.put(
        "listeners",
        SASL_LISTENER
            + "://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    props.put("advertised.listeners", SASL_LISTENER + "://" + host + ":" + port);
    props.put(
        "listener.security.protocol.map",
        SASL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
    props.put("inter.broker.listener.name", SASL_LISTENER);
    props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    props.put("sasl.mechanism.controller.protocol", "PLAIN");
    props.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
    props.put("listener.name.client.plain.sasl.jaas.config", plain);
    props.put(
        "listener.name.client.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    props.put("listener.name.controller.plain.sasl.jaas.config", plain);
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("super.users", "User:" + SUPER_USER);
    props.put("allow.everyone.if.no.acl.found", "false");
    return props;
  }

  static String plainJaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + SUPER_USER
        + "\" password=\""
        + password
        + "\" user_"
        + SUPER_USER
        + "=\""
        + password
        + "\";";
  }

  /** The log cleaner's offset map ({@code log.cleaner.dedupe.buffer.size}). */
  static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;

  /**
   * How long the broker's start may wait for its controller (registration, metadata catch-up,
   * unfencing); generous for a large data directory recovering after a crash.
   */
  static final java.time.Duration MAX_STARTUP = java.time.Duration.ofMinutes(5);

  static Properties of(String host, int port, int controllerPort, Path logDir) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    // One node: every internal topic has one replica, or its coordinator never becomes available.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "10");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "10");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("num.partitions", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("delete.topic.enable", "true");
    // A start that cannot finish (no quorum, the controller never answers) fails with what it
    // waited
    // for instead of waiting forever (Kafka's default): standalone then exits non-zero naming it.
    props.put("server.max.startup.time.ms", Long.toString(MAX_STARTUP.toMillis()));
    // The log cleaner's offset map (Kafka's 128 MB) is allocated on the heap when the broker
    // starts and held for good; 16 MB maps about 600,000 keys per cleaning pass, more than the
    // compacted topics here (control records, the Streams changelogs) hold, and a topic with more
    // is cleaned in several passes. Allocating 128 MB cost 0.4 s of every start.
    props.put("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_DEDUPE_BUFFER_BYTES));
    idle(props);
    return props;
  }

  /**
   * What the broker costs while nothing happens. The controller appends a no-op record to the
   * metadata log every {@code metadata.max.idle.interval.ms} (500 ms by default) so that brokers
   * and observers see the log advance; on one combined node nobody waits for it, and one every 5 s
   * is enough (the raft I/O thread's 0.2% of one core at idle).
   *
   * <p>The controller's listener has one network thread (Kafka's 3; each wakes every 300 ms): its
   * only client is this node's broker (heartbeats every 2 s, forwarded admin requests). The request
   * handler pools keep {@code num.io.threads} (Kafka's 8) as their full size but run one thread
   * while idle ({@link HandlerPoolSizer}); the group coordinator keeps Kafka's 4 event processors:
   * fewer of either cost throughput in bench/pipeline (docs/benchmarks.md, idle rounds 4 and 5).
   */
  static void idle(Properties props) {
    props.put("metadata.max.idle.interval.ms", "5000");
    props.put(
        "listener.name."
            + CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT)
            + ".num.network.threads",
        "1");
  }
}
