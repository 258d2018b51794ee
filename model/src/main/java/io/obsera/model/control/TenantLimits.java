package io.obsera.model.control;

/**
 * A tenant's overrides of the ingest limits; a null field means "use the service default". Kept in
 * the tenant's control-plane record and changed through the admin API.
 */
public record TenantLimits(
    Integer maxItemsPerRequest,
    Integer maxAttributesPerItem,
    Integer maxAttributeValueLength,
    Integer maxValueDepth,
    Integer itemsPerSecond) {

  public TenantLimits {
    positive("maxItemsPerRequest", maxItemsPerRequest);
    positive("maxAttributesPerItem", maxAttributesPerItem);
    positive("maxAttributeValueLength", maxAttributeValueLength);
    positive("maxValueDepth", maxValueDepth);
    positive("itemsPerSecond", itemsPerSecond);
  }

  public static TenantLimits none() {
    return new TenantLimits(null, null, null, null, null);
  }

  private static void positive(String field, Integer value) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException("limit '" + field + "' must be at least 1, got " + value);
    }
  }
}
