package io.obsera.embedded;

import java.nio.file.Path;
import java.util.Properties;

/** Broker properties for a single-node KRaft Kafka (combined broker and controller). */
final class KafkaBrokerProperties {
  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KafkaBrokerProperties() {}

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
    return props;
  }
}
