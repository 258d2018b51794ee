package io.obsera.ingest.limits;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * Limits applied to every tenant's data (defaults from the environment).
 *
 * @param maxItemsPerRequest spans, log records or data points in one request ({@code
 *     OBSERA_INGEST_MAX_ITEMS_PER_REQUEST}); more is 413
 * @param maxAttributesPerItem attributes kept per span, event, link, log record or resource ({@code
 *     OBSERA_INGEST_MAX_ATTRIBUTES}); the rest are dropped and counted in dropped_attributes_count
 * @param maxAttributeValueLength characters kept of a string value ({@code
 *     OBSERA_INGEST_MAX_ATTRIBUTE_LENGTH}); longer values are truncated, as the SDKs do
 * @param maxValueDepth nesting depth of array/kvlist values ({@code
 *     OBSERA_INGEST_MAX_VALUE_DEPTH}); deeper attributes are dropped and counted
 * @param itemsPerSecond sustained items per second per tenant ({@code OBSERA_INGEST_RATE}); over it
 *     is 429 with Retry-After
 * @param maxSeriesPerMetric distinct series of one metric per tenant within the last hour, in one
 *     ingest instance ({@code OBSERA_INGEST_MAX_SERIES_PER_METRIC}); points of new series past it
 *     are refused (partial success), known series keep flowing ({@link SeriesLimiter})
 * @param maxSeriesPerTenant the same over all metrics of a tenant ({@code
 *     OBSERA_INGEST_MAX_SERIES_PER_TENANT}); also the bound of the tracker's memory per tenant
 */
public record IngestLimits(
    int maxItemsPerRequest,
    int maxAttributesPerItem,
    int maxAttributeValueLength,
    int maxValueDepth,
    int itemsPerSecond,
    int maxSeriesPerMetric,
    int maxSeriesPerTenant) {

  private static final int DEFAULT_MAX_SERIES_PER_METRIC = 10_000;
  private static final int DEFAULT_MAX_SERIES_PER_TENANT = 1_000_000;

  public IngestLimits {
    positive("OBSERA_INGEST_MAX_ITEMS_PER_REQUEST", maxItemsPerRequest);
    positive("OBSERA_INGEST_MAX_ATTRIBUTES", maxAttributesPerItem);
    positive("OBSERA_INGEST_MAX_ATTRIBUTE_LENGTH", maxAttributeValueLength);
    positive("OBSERA_INGEST_MAX_VALUE_DEPTH", maxValueDepth);
    positive("OBSERA_INGEST_RATE", itemsPerSecond);
    positive("OBSERA_INGEST_MAX_SERIES_PER_METRIC", maxSeriesPerMetric);
    positive("OBSERA_INGEST_MAX_SERIES_PER_TENANT", maxSeriesPerTenant);
    if (maxSeriesPerTenant < maxSeriesPerMetric) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_SERIES_PER_TENANT ("
              + maxSeriesPerTenant
              + ") must be at least OBSERA_INGEST_MAX_SERIES_PER_METRIC ("
              + maxSeriesPerMetric
              + ")");
    }
  }

  /** With the default series limits. */
  public IngestLimits(
      int maxItemsPerRequest,
      int maxAttributesPerItem,
      int maxAttributeValueLength,
      int maxValueDepth,
      int itemsPerSecond) {
    this(
        maxItemsPerRequest,
        maxAttributesPerItem,
        maxAttributeValueLength,
        maxValueDepth,
        itemsPerSecond,
        DEFAULT_MAX_SERIES_PER_METRIC,
        DEFAULT_MAX_SERIES_PER_TENANT);
  }

  /** These limits with other series limits. */
  public IngestLimits withSeries(int perMetric, int perTenant) {
    return new IngestLimits(
        maxItemsPerRequest,
        maxAttributesPerItem,
        maxAttributeValueLength,
        maxValueDepth,
        itemsPerSecond,
        perMetric,
        perTenant);
  }

  /** These limits with a tenant's overrides applied (the series limits have none). */
  public IngestLimits with(io.obsera.model.control.TenantLimits t) {
    return new IngestLimits(
        t.maxItemsPerRequest() != null ? t.maxItemsPerRequest() : maxItemsPerRequest,
        t.maxAttributesPerItem() != null ? t.maxAttributesPerItem() : maxAttributesPerItem,
        t.maxAttributeValueLength() != null ? t.maxAttributeValueLength() : maxAttributeValueLength,
        t.maxValueDepth() != null ? t.maxValueDepth() : maxValueDepth,
        t.itemsPerSecond() != null ? t.itemsPerSecond() : itemsPerSecond,
        maxSeriesPerMetric,
        maxSeriesPerTenant);
  }

  public static IngestLimits defaults() {
    return fromEnv(Map.of());
  }

  public static IngestLimits fromEnv(Map<String, String> env) {
    return new IngestLimits(
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_ITEMS_PER_REQUEST", 100_000),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_ATTRIBUTES", 128),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_ATTRIBUTE_LENGTH", 16_384),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_VALUE_DEPTH", 8),
        ConfigSupport.intVar(env, "OBSERA_INGEST_RATE", 1_000_000),
        ConfigSupport.intVar(
            env, "OBSERA_INGEST_MAX_SERIES_PER_METRIC", DEFAULT_MAX_SERIES_PER_METRIC),
        ConfigSupport.intVar(
            env, "OBSERA_INGEST_MAX_SERIES_PER_TENANT", DEFAULT_MAX_SERIES_PER_TENANT));
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
