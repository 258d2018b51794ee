package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.alert.channel.ChannelType;
import io.obsera.model.alert.channel.PagerDutyChannel;
import io.obsera.model.alert.channel.SendGridChannel;
import io.obsera.model.alert.channel.SlackChannel;
import io.obsera.model.alert.channel.SmtpChannel;
import io.obsera.model.alert.channel.TwilioChannel;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.JsonBodies;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the {@code "channel"} object of a request into a validated {@link Channel}: its {@code
 * type}, only that type's fields, and a secret field left out (or sent back as {@code "***"}) keeps
 * the stored channel's secret, as long as the channel still delivers to the same destination
 * (scheme, host and port): a stored secret is never sent anywhere else. Every error is a 400 naming
 * the field as {@code channel.<field>}; no message repeats a secret.
 */
final class ChannelDrafts {
  /** What the API shows instead of a secret; sent back, it means "keep the stored one". */
  static final String REDACTED = "***";

  private ChannelDrafts() {}

  /** The field and host a channel delivers to, checked against the SSRF rule. */
  record Target(String field, String host) {}

  static Channel parse(
      String id, JsonNode node, Optional<ChannelRecord> current, ChannelSealer sealer) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(
          "field 'channel' is required: an object with \"type\" and that type's settings");
    }
    ChannelType type = type(node);
    ObjectNode c = node.deepCopy();
    String ownId = JsonBodies.text(c, "id");
    if (ownId != null && !ownId.equals(id)) {
      throw ApiException.badRequest(
          "field 'channel.id' (" + ownId + ") differs from the channel's id (" + id + ")");
    }
    c.remove("type");
    c.remove("id");
    JsonBodies.requireKnownFields(c, fields(type), Set.of());
    c.put("type", type.name());
    c.put("id", id);
    Set<String> kept = new TreeSet<>();
    for (String secret : type.secretFields()) {
      JsonNode v = c.get(secret);
      if (v == null || v.isNull() || REDACTED.equals(v.asText())) {
        c.remove(secret);
        storedSecret(id, type, secret, current, sealer)
            .ifPresent(
                s -> {
                  c.put(secret, s);
                  kept.add(secret);
                });
      }
    }
    Channel channel = channel(c, type);
    if (!kept.isEmpty()) {
      requireSameDestination(channel, sealer.open(current.orElseThrow()), kept);
    }
    return channel;
  }

  /**
   * A kept secret goes only where it went before: a channel re-pointed to another destination (URL
   * scheme, host or port; SMTP host or port) must be sent with its secrets, or whoever may edit
   * channels could send the stored API key, token or password to a server of their own.
   */
  private static void requireSameDestination(Channel channel, Channel stored, Set<String> kept) {
    if (!channel.destination().equals(stored.destination())) {
      String field = target(channel).field();
      throw ApiException.badRequest(
          kept.stream().map(f -> "field 'channel." + f + "'").collect(Collectors.joining(", "))
              + " is required: the channel's destination ('"
              + field
              + "') changes, and a stored secret is only sent to the destination it was given"
              + " for");
    }
  }

  private static Channel channel(ObjectNode c, ChannelType type) {
    try {
      return Json.MAPPER.treeToValue(c, Channel.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      String m = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
      throw ApiException.badRequest(m.replaceFirst("^field '", "field 'channel."));
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      String f = JsonBodies.path(e);
      throw ApiException.badRequest(
          "field 'channel."
              + f
              + "' has the wrong type"
              + (type.secretFields().contains(f) ? "" : ": " + e.getOriginalMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("field 'channel' is not valid JSON");
    }
  }

  private static ChannelType type(JsonNode node) {
    String t = JsonBodies.text(node, "type");
    if (t == null) {
      throw ApiException.badRequest(
          "field 'channel.type' is required, one of " + Arrays.toString(ChannelType.values()));
    }
    try {
      return ChannelType.valueOf(t.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "field 'channel.type' must be one of "
              + Arrays.toString(ChannelType.values())
              + ", got: "
              + t);
    }
  }

  /** The stored channel's value of a secret field, when it is of the same type. */
  private static Optional<String> storedSecret(
      String id,
      ChannelType type,
      String field,
      Optional<ChannelRecord> current,
      ChannelSealer sealer) {
    if (current.isEmpty()
        || current.get().type() != type
        || current.get().sealedSecrets() == null
        || !current.get().sealedSecrets().containsKey(field)) {
      return Optional.empty();
    }
    try {
      JsonNode open = Json.MAPPER.valueToTree(sealer.open(current.get()));
      return Optional.of(open.get(field).asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "field 'channel."
              + field
              + "' is required: the stored one of channel "
              + id
              + " cannot be opened ("
              + e.getMessage()
              + ")");
    }
  }

  /** The settings fields of a channel type (its record components but id). */
  private static Set<String> fields(ChannelType type) {
    Class<?> c =
        switch (type) {
          case WEBHOOK -> WebhookChannel.class;
          case SLACK -> SlackChannel.class;
          case SENDGRID -> SendGridChannel.class;
          case SMTP -> SmtpChannel.class;
          case PAGERDUTY -> PagerDutyChannel.class;
          case TWILIO_SMS -> TwilioChannel.class;
        };
    Set<String> names = new TreeSet<>();
    Arrays.stream(c.getRecordComponents()).forEach(rc -> names.add(rc.getName()));
    names.remove("id");
    return names;
  }

  /** Where a channel delivers: the host its notifications connect to, and the field naming it. */
  static Target target(Channel channel) {
    if (channel instanceof WebhookChannel w) {
      return new Target("channel.url", URI.create(w.url()).getHost());
    } else if (channel instanceof SlackChannel s) {
      return new Target("channel.webhookUrl", URI.create(s.webhookUrl()).getHost());
    } else if (channel instanceof SendGridChannel g) {
      return new Target("channel.baseUrl", URI.create(g.baseUrl()).getHost());
    } else if (channel instanceof SmtpChannel m) {
      return new Target("channel.host", m.host());
    } else if (channel instanceof PagerDutyChannel p) {
      return new Target("channel.eventsUrl", URI.create(p.eventsUrl()).getHost());
    } else if (channel instanceof TwilioChannel t) {
      return new Target("channel.baseUrl", URI.create(t.baseUrl()).getHost());
    }
    throw new IllegalStateException("unknown channel type " + channel.type());
  }
}
