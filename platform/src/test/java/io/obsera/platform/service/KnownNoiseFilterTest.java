package io.obsera.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The services' logback configs drop exactly the known-benign library lines they list. */
class KnownNoiseFilterTest {

  static Appender<ILoggingEvent> console(String config) throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    URL url = KnownNoiseFilterTest.class.getClassLoader().getResource(config);
    assertThat(url).as(config).isNotNull();
    joran.doConfigure(url);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as(config + " parses without errors")
        .noneMatch(st -> st.getLevel() >= ch.qos.logback.core.status.Status.WARN);
    return context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
  }

  static FilterReply decide(
      Appender<ILoggingEvent> console, String logger, Level level, String msg, Throwable t) {
    LoggingEvent e = new LoggingEvent();
    e.setLoggerName(logger);
    e.setLevel(level);
    e.setMessage(msg);
    if (t != null) {
      e.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(t));
    }
    return console.getFilterChainDecision(e);
  }

  /** The controller's line for a request of {@code apiKey} that failed with {@code cause}. */
  static FilterReply controllerError(
      Appender<ILoggingEvent> console, String apiKey, RuntimeException cause) {
    return decide(
        console,
        "kafka.server.ControllerApis",
        Level.ERROR,
        "[ControllerApis nodeId=1] Unexpected error handling request RequestHeader(apiKey="
            + apiKey
            + ", apiVersion=0, clientId=1, correlationId=0, headerVersion=2) -- "
            + "RequestData(controllerId=1) with context RequestContext(listenerName=CONTROLLER)",
        new java.util.concurrent.CompletionException(cause));
  }

  @Test
  void should_dropTheListedBenignLines_andKeepEverythingElse() throws Exception {
    for (String config : new String[] {"logback.xml", "logback-json.xml"}) {
      Appender<ILoggingEvent> c = console(config);
      assertThat(
              decide(
                  c,
                  "kafka.server.ReplicaManager",
                  Level.ERROR,
                  "[ReplicaManager broker=1] Error processing append operation on partition x",
                  new org.apache.kafka.common.errors.OutOfOrderSequenceException("seq 3")))
          .as(config)
          .isEqualTo(FilterReply.DENY);
      assertThat(
              decide(
                  c,
                  "org.apache.kafka.clients.producer.internals.Sender",
                  Level.WARN,
                  "Got error produce response ... Error: CONCURRENT_TRANSACTIONS",
                  null))
          .isEqualTo(FilterReply.DENY);
      assertThat(
              decide(
                  c,
                  "org.apache.kafka.controller.QuorumController",
                  Level.WARN,
                  "[QuorumController id=1] Performing controller activation. The metadata log"
                      + " appears to be empty. Appending 6 bootstrap record(s)",
                  null))
          .isEqualTo(FilterReply.DENY);
      assertThat(
              decide(
                  c,
                  "org.apache.kafka.streams.processor.internals.TaskManager",
                  Level.ERROR,
                  "stream-thread [t] Get exceptions for the following tasks: {1_1=org.apache.kafka"
                      + ".streams.errors.TaskCorruptedException: Tasks [1_1] are corrupted}",
                  null))
          .isEqualTo(FilterReply.DENY);
      assertThat(
              decide(
                  c,
                  "org.apache.kafka.clients.NetworkClient",
                  Level.WARN,
                  "[NodeToControllerChannelManager id=1 name=registration] Attempting to close"
                      + " NetworkClient that has already been closed.",
                  null))
          .isEqualTo(FilterReply.DENY);
      assertThat(
              controllerError(
                  c,
                  "CONTROLLER_REGISTRATION",
                  new org.apache.kafka.common.errors.NotControllerException(
                      "The active controller appears to be node 1.")))
          .isEqualTo(FilterReply.DENY);
      // another request refused the same way, or the registration failing otherwise, is still told
      assertThat(
              controllerError(
                  c,
                  "CREATE_TOPICS",
                  new org.apache.kafka.common.errors.NotControllerException("node 2")))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(
              controllerError(
                  c,
                  "CONTROLLER_REGISTRATION",
                  new org.apache.kafka.common.errors.InvalidRegistrationException("epoch")))
          .isEqualTo(FilterReply.NEUTRAL);
      // another client of the same class closed twice is still told
      assertThat(
              decide(
                  c,
                  "org.apache.kafka.clients.NetworkClient",
                  Level.WARN,
                  "[Consumer clientId=c, groupId=g] Attempting to close NetworkClient that has"
                      + " already been closed.",
                  null))
          .isEqualTo(FilterReply.NEUTRAL);
      // the same logger with another failure, and another logger with the same words, stay
      assertThat(
              decide(
                  c,
                  "kafka.server.ReplicaManager",
                  Level.ERROR,
                  "Error processing append operation on partition x",
                  new org.apache.kafka.common.errors.CorruptRecordException("crc")))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(decide(c, "io.obsera.writer", Level.WARN, "CONCURRENT_TRANSACTIONS", null))
          .isEqualTo(FilterReply.NEUTRAL);
    }
  }
}
