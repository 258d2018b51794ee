package io.obsera.alert.send;

import io.obsera.alert.channel.TwilioChannel;
import io.obsera.alert.notify.Notification;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Headers;

/**
 * SMS through Twilio's Messages API: one form POST per recipient to {@code
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP basic auth (account sid, auth token),
 * fields {@code To}, {@code From} (or {@code MessagingServiceSid}) and {@code Body}. Twilio has no
 * idempotency key: a retry after a partial failure may text a recipient twice.
 */
final class TwilioSender implements Sender<TwilioChannel> {
  private final GuardedHttp http;

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
            .add("User-Agent", "Obsera-Alert/1")
            .add("Authorization", Credentials.basic(channel.accountSid(), channel.authToken()))
            .build();
    String text = NotificationText.sms(n);
    for (String to : channel.to()) {
      FormBody.Builder form = new FormBody.Builder().add("To", to);
      if (channel.from().startsWith("MG")) {
        form.add("MessagingServiceSid", channel.from());
      } else {
        form.add("From", channel.from());
      }
      form.add("Body", text);
      http.post("twilio", url, headers, form.build());
    }
  }

  static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
