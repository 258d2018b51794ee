package io.obsera.streams.probe;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure function from an OTLP span fragment to the health checks it reports ({@link
 * ProbeAttributes}): a span is a probe result when its resource has {@link ProbeAttributes#REGION}
 * and its attributes have {@link ProbeAttributes#ENDPOINT_ID}. The tenant is the one the fragment
 * was filed under (its record key), never a resource attribute. A probe span that cannot become a
 * check (no or unknown outcome, bad endpoint id or region, mistyped attribute) yields a problem
 * naming the span instead; other spans are ignored.
 */
public final class ProbeSpanTranslator {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final HexFormat HEX = HexFormat.of();

  /** A check, or the reason a probe span could not become one. */
  public record Result(HealthCheck check, String problem) {}

  private ProbeSpanTranslator() {}

  /**
   * How far after the fragment's record time a check may start: a check from an agent whose clock
   * runs ahead would otherwise hide that region's later checks, and Kafka refuses records more than
   * an hour ahead ({@code log.message.timestamp.after.max.ms}).
   */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(10);

  /** The checks of a fragment recorded at {@code recordTime}. */
  public static List<Result> translate(
      String tenant, ExportTraceServiceRequest req, Instant recordTime) {
    List<Result> out = new ArrayList<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      Map<String, AnyValue> resource = attributes(rs.getResource().getAttributesList());
      AnyValue region = resource.get(ProbeAttributes.REGION);
      if (region == null) {
        continue;
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          Map<String, AnyValue> attrs = attributes(s.getAttributesList());
          if (attrs.containsKey(ProbeAttributes.ENDPOINT_ID)) {
            out.add(
                check(
                    tenant,
                    region,
                    resource.get(ProbeAttributes.AGENT),
                    s,
                    attrs,
                    recordTime.plus(MAX_AHEAD)));
          }
        }
      }
    }
    return out;
  }

  private static Result check(
      String tenant,
      AnyValue region,
      AnyValue agent,
      Span s,
      Map<String, AnyValue> a,
      Instant latestStart) {
    try {
      String endpoint = string(a, ProbeAttributes.ENDPOINT_ID);
      if (endpoint == null || !ID.matcher(endpoint).matches()) {
        throw new IllegalArgumentException("invalid endpoint id: " + endpoint);
      }
      String r = region.getStringValue();
      if (!REGION.matcher(r).matches()) {
        throw new IllegalArgumentException("invalid region: " + r);
      }
      String outcome = string(a, ProbeAttributes.OUTCOME);
      if (outcome == null) {
        throw new IllegalArgumentException("no " + ProbeAttributes.OUTCOME);
      }
      CheckOutcome o;
      try {
        o = CheckOutcome.valueOf(outcome);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown outcome: " + outcome, e);
      }
      if (s.getStartTimeUnixNano() <= 0) {
        throw new IllegalArgumentException("no start time");
      }
      Instant start = Instant.ofEpochSecond(0, s.getStartTimeUnixNano());
      if (start.isAfter(latestStart)) {
        throw new IllegalArgumentException(
            "starts at " + start + ", more than " + MAX_AHEAD + " after it was received");
      }
      Long status = integer(a, "http.response.status_code");
      Long cert = integer(a, ProbeAttributes.CERT_EXPIRES_AT);
      AnyValue matched = a.get(ProbeAttributes.BODY_MATCHED);
      if (matched != null && matched.getValueCase() != AnyValue.ValueCase.BOOL_VALUE) {
        throw new IllegalArgumentException(ProbeAttributes.BODY_MATCHED + " is not a boolean");
      }
      String error = string(a, ProbeAttributes.ERROR);
      HealthCheck check =
          new HealthCheck(
              tenant,
              endpoint,
              r,
              agent == null ? "" : agent.getStringValue(),
              start,
              orEmpty(string(a, "url.full")),
              orEmpty(string(a, "http.request.method")),
              o,
              status == null ? null : Math.toIntExact(status),
              error == null ? "" : error,
              number(a, ProbeAttributes.DNS_MS),
              number(a, ProbeAttributes.CONNECT_MS),
              number(a, ProbeAttributes.TLS_MS),
              number(a, ProbeAttributes.TTFB_MS),
              number(a, ProbeAttributes.TOTAL_MS),
              matched == null ? null : matched.getBoolValue(),
              cert == null ? null : Instant.ofEpochSecond(cert),
              HEX.formatHex(s.getTraceId().toByteArray()));
      return new Result(check, null);
    } catch (RuntimeException e) {
      return new Result(
          null,
          "malformed probe span '"
              + s.getName()
              + "' ("
              + HEX.formatHex(s.getSpanId().toByteArray())
              + "): "
              + e.getMessage());
    }
  }

  private static Map<String, AnyValue> attributes(List<KeyValue> list) {
    Map<String, AnyValue> m = new HashMap<>();
    list.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
    return m;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String string(Map<String, AnyValue> a, String name) {
    AnyValue v = a.get(name);
    if (v == null) {
      return null;
    }
    if (v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
      throw new IllegalArgumentException(name + " is not a string");
    }
    return v.getStringValue();
  }

  private static Long integer(Map<String, AnyValue> a, String name) {
    AnyValue v = a.get(name);
    if (v == null) {
      return null;
    }
    return switch (v.getValueCase()) {
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> (long) v.getDoubleValue();
      default -> throw new IllegalArgumentException(name + " is not a number");
    };
  }

  private static Double number(Map<String, AnyValue> a, String name) {
    AnyValue v = a.get(name);
    if (v == null) {
      return null;
    }
    double d =
        switch (v.getValueCase()) {
          case DOUBLE_VALUE -> v.getDoubleValue();
          case INT_VALUE -> v.getIntValue();
          default -> throw new IllegalArgumentException(name + " is not a number");
        };
    if (!Double.isFinite(d) || d < 0) {
      throw new IllegalArgumentException(name + " must be a non-negative number");
    }
    return d;
  }
}
