package io.obsera.alert.selfmon;

/**
 * One look at Obsera's own health. A null value was not measured (the source did not answer, or is
 * not watched from here); the checks keep their state on a null.
 *
 * @param kafkaUp whether the Kafka cluster answered
 * @param kafkaError why not (null when up)
 * @param clickHouseUp whether ClickHouse answered its ping; null when not watched
 * @param clickHouseError why not (null when up or not watched)
 * @param writerLag records the ClickHouse writer's group has not committed yet, summed over the
 *     partitions it committed on
 * @param writerCommitted the sum of the writer group's committed offsets (moves when it progresses)
 * @param deadLetters records in the dead-letter topic
 * @param minFreeDisk the smallest free share of any broker log dir
 * @param diskWhere which broker and log dir has it
 * @param failedDeliveries deliveries that failed for good, counted since this monitor started
 * @param lastFailure the latest of them, for people (tenant, channel, outcome)
 */
public record HealthSample(
    boolean kafkaUp,
    String kafkaError,
    Boolean clickHouseUp,
    String clickHouseError,
    Long writerLag,
    Long writerCommitted,
    Long deadLetters,
    Double minFreeDisk,
    String diskWhere,
    long failedDeliveries,
    String lastFailure) {

  /** Kafka did not answer: nothing that Kafka reports is known. */
  static HealthSample kafkaDown(
      String error, Boolean clickHouseUp, String clickHouseError, long failed, String last) {
    return new HealthSample(
        false, error, clickHouseUp, clickHouseError, null, null, null, null, null, failed, last);
  }
}
