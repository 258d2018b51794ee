package io.obsera.probe.assign;

import io.obsera.model.control.EndpointDefinition;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/probe/assignments?region=R}: every enabled endpoint of every
 * tenant that lists region R.
 */
public record AssignmentsResponse(
    String region, Instant generatedAt, List<EndpointDefinition> endpoints) {
  public AssignmentsResponse {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }
}
