package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.probe.HealthCheck;
import java.io.IOException;
import java.util.List;

/** Health checks from the topology to {@code health_checks}. */
final class HealthCheckTableEncoder implements TableEncoder {
  static final TableSpec CHECKS =
      new TableSpec(
          "health_checks",
          List.of(
              "TenantId",
              "EndpointId",
              "Region",
              "Agent",
              "Time",
              "Url",
              "Method",
              "Outcome",
              "StatusCode",
              "Error",
              "DnsMs",
              "ConnectMs",
              "TlsMs",
              "TtfbMs",
              "TotalMs",
              "BodyMatched",
              "CertExpiresAt",
              "TraceId"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    HealthCheck c;
    try {
      c = Json.MAPPER.readValue(value, HealthCheck.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("health check is not valid JSON: " + e.getMessage(), e);
    }
    if (c.endpointId() == null || c.region() == null || c.time() == null || c.outcome() == null) {
      throw new PoisonRecordException("health check lacks endpoint, region, time or outcome", null);
    }
    RowBinaryOut out = outputs.table(CHECKS);
    out.string(tenant)
        .string(c.endpointId())
        .string(c.region())
        .string(c.agent())
        .dateTime64Millis(c.time().toEpochMilli())
        .string(c.url())
        .string(c.method())
        .int8(c.outcome().ordinal() + 1) // Enum8('UP' = 1, 'DEGRADED' = 2, 'DOWN' = 3)
        .nullable(c.statusCode(), out::uint16)
        .string(c.error())
        .nullable(c.dnsMs(), out::float64)
        .nullable(c.connectMs(), out::float64)
        .nullable(c.tlsMs(), out::float64)
        .nullable(c.ttfbMs(), out::float64)
        .nullable(c.totalMs(), out::float64)
        .nullable(c.bodyMatched(), out::bool)
        .nullable(c.certExpiresAt(), t -> out.uint32(t.getEpochSecond()))
        .string(c.traceId());
    return 1;
  }
}
