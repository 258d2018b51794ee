package io.obsera.platform.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.EndpointDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The control records that hold values sealed under {@code OBSERA_SECRET_KEY} (channel secrets,
 * endpoint header values, single sign-on client secrets), and how to move each to the current key
 * after a rotation: the rewriters of {@link io.obsera.platform.control.ControlRecordRotation}.
 */
public final class SealedRecords {
  private SealedRecords() {}

  /** Per control topic: the record's JSON with every secret under {@code box}'s current key. */
  public static Map<String, UnaryOperator<byte[]>> resealers(SecretBox box) {
    ChannelSealer channels = new ChannelSealer(box);
    EndpointSealer endpoints = new EndpointSealer(box);
    return Map.of(
        Topics.CONTROL_CHANNELS, json -> rewrite(json, ChannelRecord.class, channels::reseal),
        Topics.CONTROL_ENDPOINTS,
            json -> rewrite(json, EndpointDefinition.class, endpoints::reseal),
        Topics.CONTROL_SSO, json -> resealSso(json, box));
  }

  /**
   * What a tenant's single sign-on client secret of {@code provider} is sealed to (associated
   * data): it opens only as that tenant's secret of that provider.
   */
  public static String ssoSecretBinding(String tenant, String provider) {
    return tenant + "|sso|" + provider + ":clientSecret";
  }

  /**
   * A single sign-on configuration ({@code identity}'s {@code SsoSettings}, read as JSON: this
   * module does not know the type) with its {@code oidc} and {@code github} client secrets under
   * the current key; null when they already are.
   */
  private static byte[] resealSso(byte[] json, SecretBox box) {
    try {
      JsonNode root = Json.MAPPER.readTree(json);
      String tenant = root.path("tenantId").asText();
      boolean changed = false;
      for (String provider : List.of("oidc", "github")) {
        if (root.get(provider) instanceof ObjectNode section
            && section.hasNonNull("sealedClientSecret")) {
          String sealed = section.get("sealedClientSecret").asText();
          String current = box.reseal(sealed, ssoSecretBinding(tenant, provider));
          if (!current.equals(sealed)) {
            section.put("sealedClientSecret", current);
            changed = true;
          }
        }
      }
      return changed ? Json.MAPPER.writeValueAsBytes(root) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("not a single sign-on configuration: " + e.getMessage(), e);
    }
  }

  private static <T> byte[] rewrite(byte[] json, Class<T> type, Function<T, T> reseal) {
    try {
      T resealed = reseal.apply(Json.MAPPER.readValue(json, type));
      return resealed == null ? null : Json.MAPPER.writeValueAsBytes(resealed);
    } catch (IOException e) {
      throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
