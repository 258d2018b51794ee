package io.obsera.testing;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.control.ControlPlaneWriter;
import java.util.Map;

/**
 * Writes endpoint definitions straight into a cluster's control-plane topic, signed as the query
 * service writes them, for ITs whose probe results must be checks of real endpoints. A service
 * started afterwards knows them when it starts.
 */
public final class TestEndpoints {
  private TestEndpoints() {}

  public static void define(String bootstrap, EndpointDefinition... endpoints) {
    try (ControlPlaneWriter control =
        new ControlPlaneWriter(bootstrap, Map.of(), TestControlKeys.signer())) {
      for (EndpointDefinition e : endpoints) {
        control.put(Topics.CONTROL_ENDPOINTS, e.key(), e);
      }
    }
  }
}
