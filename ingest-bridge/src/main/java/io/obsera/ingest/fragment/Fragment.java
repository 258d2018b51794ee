package io.obsera.ingest.fragment;

/** One Kafka record to publish: key, OTLP protobuf value and how many items it carries. */
public record Fragment(String key, byte[] value, int items) {}
