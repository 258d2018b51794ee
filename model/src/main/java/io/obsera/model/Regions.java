package io.obsera.model;

import java.util.Map;

/**
 * The region of a resource: {@code obsera.probe.region} (set by probe agents, it wins over the
 * host's cloud region), else {@code cloud.region}, else {@code unknown}. A value with nothing but
 * spaces, tabs, CR, LF or FF is absent: the same rule as the {@code Region} column of {@code
 * otel_traces} (migration V016, ClickHouse's {@code \S}), so the topology's rollups and the trace
 * view agree.
 */
public final class Regions {
  public static final String PROBE_REGION = "obsera.probe.region";
  public static final String CLOUD_REGION = "cloud.region";
  public static final String UNKNOWN = "unknown";

  private Regions() {}

  public static String of(Map<String, String> resourceAttributes) {
    String probe = resourceAttributes.get(PROBE_REGION);
    if (present(probe)) {
      return probe;
    }
    String cloud = resourceAttributes.get(CLOUD_REGION);
    return present(cloud) ? cloud : UNKNOWN;
  }

  private static boolean present(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return true;
      }
    }
    return false;
  }
}
