package io.obsera.alert.outbox;

import io.obsera.model.alert.channel.Channel;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.crypto.ChannelSealer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The tenants' channels, read from the compacted channels topic (a {@link KeyedTopicView}) and
 * opened with the installation's secret key when a notification is delivered. Secrets stay sealed
 * in memory until then.
 */
public final class ChannelDirectory implements AutoCloseable {
  /**
   * A channel ready to deliver to, or why there is none; {@code record} is the stored channel (its
   * name and type; secrets sealed), null when there is none.
   */
  public record Lookup(Channel channel, boolean missing, String problem, ChannelRecord record) {
    static Lookup found(Channel c, ChannelRecord r) {
      return new Lookup(c, false, null, r);
    }
  }

  private final KeyedTopicView<ChannelRecord> view;
  private final ChannelSealer sealer;

  public ChannelDirectory(
      String bootstrap,
      Map<String, String> overrides,
      ControlVerifier verifier,
      String topic,
      ChannelSealer sealer) {
    this.view =
        new KeyedTopicView<>(
            bootstrap,
            overrides,
            verifier,
            topic,
            ChannelRecord.class,
            (key, c) ->
                c.tenantId() == null || c.id() == null || c.type() == null
                    ? "tenantId, id and type are required"
                    : key.equals(c.key()) ? null : "key is not " + c.key());
    this.sealer = sealer;
  }

  public ChannelDirectory start() {
    view.start();
    return this;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return view.awaitCaughtUp(timeout);
  }

  public Lookup lookup(String tenantId, String channelId) {
    Optional<ChannelRecord> r = view.get(ChannelRecord.key(tenantId, channelId));
    if (r.isEmpty()) {
      return new Lookup(null, true, "channel " + channelId + " does not exist (deleted?)", null);
    }
    try {
      return Lookup.found(sealer.open(r.get()), r.get());
    } catch (RuntimeException e) {
      return new Lookup(
          null, false, "channel " + channelId + " cannot be used: " + e.getMessage(), r.get());
    }
  }

  @Override
  public void close() {
    view.close();
  }
}
