package io.obsera.alert.receiver;

import io.obsera.testing.vendor.VendorReceiver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Twilio's {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} as documented: 401 (code
 * 20003) without HTTP basic auth of the account sid and auth token; 400 when {@code To} is not an
 * E.164 number (21211), neither {@code From} nor {@code MessagingServiceSid} is given (21603), or
 * {@code Body} is missing (21602) or over 1600 characters (21617); 201 with the queued message.
 */
public final class TwilioReceiver extends VendorReceiver {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private final String accountSid;
  private final String authToken;

  public TwilioReceiver(String accountSid, String authToken) {
    this.accountSid = accountSid;
    this.authToken = authToken;
  }

  @Override
  protected Answer answer(Received r) {
    String expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    if (!expectedAuth.equals(r.header("Authorization"))) {
      return error(401, 20003, "Authenticate");
    }
    if (!"POST".equals(r.method())
        || !("/2010-04-01/Accounts/" + accountSid + "/Messages.json").equals(r.path())) {
      return error(404, 20404, "The requested resource " + r.path() + " was not found");
    }
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return error(400, 20001, "Request must be form encoded");
    }
    Map<String, String> form = form(r.body());
    String to = form.get("To");
    if (to == null || !E164.matcher(to).matches()) {
      return error(400, 21211, "Invalid 'To' Phone Number: " + to);
    }
    if (form.get("From") == null && form.get("MessagingServiceSid") == null) {
      return error(400, 21603, "A 'From' phone number is required.");
    }
    String body = form.get("Body");
    if (body == null || body.isEmpty()) {
      return error(400, 21602, "Message body is required.");
    }
    if (body.length() > 1600) {
      return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    return Answer.json(
        201,
        "{\"sid\":\"SM"
            + UUID.randomUUID().toString().replace("-", "")
            + "\",\"status\":\"queued\",\"to\":\""
            + to
            + "\"}");
  }

  /** The form fields of a request body. */
  public static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static Answer error(int status, int code, String message) {
    return Answer.json(
        status,
        "{\"code\":"
            + code
            + ",\"message\":\""
            + message.replace("\"", "'")
            + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
            + code
            + "\",\"status\":"
            + status
            + "}");
  }
}
