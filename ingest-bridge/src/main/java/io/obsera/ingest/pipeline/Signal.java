package io.obsera.ingest.pipeline;

import io.obsera.model.Topics;

/** The three OTLP signals, with the Kafka topic and header value of each. */
public enum Signal {
  TRACES(Topics.OTLP_SPANS, "traces", "spans"),
  LOGS(Topics.OTLP_LOGS, "logs", "log records"),
  METRICS(Topics.OTLP_METRICS, "metrics", "data points");

  private final String topic;
  private final String header;
  private final String items;

  Signal(String topic, String header, String items) {
    this.topic = topic;
    this.header = header;
    this.items = items;
  }

  public String topic() {
    return topic;
  }

  /** Value of the {@code obsera.signal} header. */
  public String header() {
    return header;
  }

  /** What an item of this signal is called in messages ("spans", "log records", ...). */
  public String items() {
    return items;
  }
}
