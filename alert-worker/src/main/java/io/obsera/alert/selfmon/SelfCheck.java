package io.obsera.alert.selfmon;

import io.obsera.model.alert.Severity;

/** The built-in operator alerts: id (the alert's {@code rule} label), name, severity, component. */
public enum SelfCheck {
  KAFKA_DOWN("kafka-down", "Kafka unreachable", Severity.PAGE, "kafka"),
  CLICKHOUSE_DOWN("clickhouse-down", "ClickHouse unreachable", Severity.PAGE, "clickhouse"),
  WRITER_STALLED("writer-stalled", "ClickHouse writer stalled", Severity.PAGE, "writer"),
  WRITER_LAG("writer-lag", "ClickHouse writer lag high", Severity.TICKET, "writer"),
  DEAD_LETTERS("dead-letters", "Records dead-lettered", Severity.TICKET, "dead-letter"),
  DISK_LOW("disk-low", "Kafka disk low", Severity.PAGE, "kafka"),
  DELIVERY_FAILING("delivery-failing", "Alert delivery failing", Severity.TICKET, "delivery");

  private final String id;
  private final String title;
  private final Severity severity;
  private final String component;

  SelfCheck(String id, String title, Severity severity, String component) {
    this.id = id;
    this.title = title;
    this.severity = severity;
    this.component = component;
  }

  public String id() {
    return id;
  }

  public String title() {
    return "Obsera: " + title;
  }

  public Severity severity() {
    return severity;
  }

  public String component() {
    return component;
  }
}
