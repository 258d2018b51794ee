package io.obsera.alert.route;

import io.obsera.model.alert.channel.ChannelType;

/** What routing needs to know of a channel: that it exists (no settings, no secrets). */
record ChannelRef(String tenantId, String id, ChannelType type) {}
