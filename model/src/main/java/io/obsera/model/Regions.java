package io.obsera.model;

import java.util.Map;

/**
 * The region of a resource: {@code obsera.probe.region} (set by probe agents, it wins over the
 * host's cloud region), else {@code cloud.region}, else {@code unknown}.
 */
public final class Regions {
  public static final String PROBE_REGION = "obsera.probe.region";
  public static final String CLOUD_REGION = "cloud.region";
  public static final String UNKNOWN = "unknown";

  private Regions() {}

  public static String of(Map<String, String> resourceAttributes) {
    String probe = resourceAttributes.get(PROBE_REGION);
    if (probe != null && !probe.isBlank()) {
      return probe;
    }
    String cloud = resourceAttributes.get(CLOUD_REGION);
    return cloud != null && !cloud.isBlank() ? cloud : UNKNOWN;
  }
}
