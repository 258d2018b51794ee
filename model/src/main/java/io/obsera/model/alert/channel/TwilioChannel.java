package io.obsera.model.alert.channel;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SMS through Twilio's Messages API (off unless the operator enables SMS).
 *
 * @param id channel id
 * @param accountSid the account ({@code AC} + 32 hex digits)
 * @param authToken the account's auth token
 * @param from the sending number (E.164) or messaging service ({@code MG} + 32 hex digits)
 * @param to 1-50 recipient numbers in E.164 form ({@code +14155550100})
 * @param baseUrl the API's base URL; null means {@link #DEFAULT_BASE_URL}
 */
public record TwilioChannel(
    String id, String accountSid, String authToken, String from, List<String> to, String baseUrl)
    implements Channel {
  public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
  private static final Pattern SID = Pattern.compile("AC[0-9a-f]{32}");
  private static final Pattern SERVICE = Pattern.compile("MG[0-9a-f]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

  public TwilioChannel {
    ChannelFields.id(id);
    if (accountSid == null || !SID.matcher(accountSid).matches()) {
      throw new IllegalArgumentException("field 'accountSid' must be AC followed by 32 hex digits");
    }
    ChannelFields.secret("authToken", authToken, 16);
    if (from == null || !(E164.matcher(from).matches() || SERVICE.matcher(from).matches())) {
      throw new IllegalArgumentException(
          "field 'from' must be an E.164 number such as +14155550100 or a messaging service"
              + " sid, got: "
              + from);
    }
    to = ChannelFields.recipients("to", to, TwilioChannel::e164);
    baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    ChannelFields.httpUrl("baseUrl", baseUrl);
  }

  private static void e164(String field, String number) {
    if (number == null || !E164.matcher(number).matches()) {
      throw new IllegalArgumentException(
          "field '" + field + "' must hold E.164 numbers such as +14155550100, got: " + number);
    }
  }

  @Override
  public ChannelType type() {
    return ChannelType.TWILIO_SMS;
  }

  @Override
  public String destination() {
    return ChannelFields.origin(URI.create(baseUrl));
  }

  @Override
  public String toString() {
    return "TwilioChannel[id="
        + id
        + ", accountSid="
        + accountSid
        + ", authToken=***, from="
        + from
        + ", to="
        + to
        + "]";
  }
}
