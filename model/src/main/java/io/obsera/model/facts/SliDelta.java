package io.obsera.model.facts;

/**
 * Good and total span counts of one SLO in one minute, counted since the previous flush of one
 * source partition: deltas, summed downstream (ring buffer, {@code slo_sli_minute}).
 *
 * @param minuteStartMillis start of the minute of the spans' start times
 */
public record SliDelta(
    String tenantId, String sloId, long minuteStartMillis, long good, long total) {}
