package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.Channel;
import io.obsera.platform.send.DeliveryException;

/** Makes one delivery attempt of a notification to a channel of type {@code C}. */
interface Sender<C extends Channel> {
  /** Returns when the receiver accepted the notification. */
  void send(Notification n, C channel) throws DeliveryException;
}
