package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.TwilioChannel;
import io.obsera.platform.send.DeliveryException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Headers;

/**
 * SMS through Twilio's Messages API: one form POST per recipient to {@code
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP basic auth (account sid, auth token),
 * fields {@code To}, {@code From} (or {@code MessagingServiceSid}) and {@code Body}. Twilio has no
 * idempotency key, so the sender remembers which recipients accepted which delivery id (the last
 * {@value #REMEMBERED} in memory) and does not text them again: a retry after a partial failure
 * only texts the rest. After a restart a repeat may text a recipient twice.
 */
final class TwilioSender implements Sender<TwilioChannel> {
  static final int REMEMBERED = 10_000;

  private final GuardedHttp http;
  private final Set<String> sent =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  TwilioSender(GuardedHttp http) {
    this.http = http;
  }

  @Override
  public void send(Notification n, TwilioChannel channel) throws DeliveryException {
    String url =
        stripSlash(channel.baseUrl())
            + "/2010-04-01/Accounts/"
            + channel.accountSid()
            + "/Messages.json";
    Headers headers =
        new Headers.Builder()
            .add("Authorization", Credentials.basic(channel.accountSid(), channel.authToken()))
            .build();
    String text = NotificationText.sms(n);
    for (String to : channel.to()) {
      String key = n.deliveryId() + "|" + channel.id() + "|" + to;
      if (sent.contains(key)) {
        continue;
      }
      FormBody.Builder form = new FormBody.Builder().add("To", to);
      if (channel.from().startsWith("MG")) {
        form.add("MessagingServiceSid", channel.from());
      } else {
        form.add("From", channel.from());
      }
      form.add("Body", text);
      http.post("twilio", url, headers, form.build());
      sent.add(key);
    }
  }

  static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
