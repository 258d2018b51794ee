package io.obsera.query.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An opaque page cursor: the last row's sort key (Unix nanoseconds and a tie-breaking key of
 * letters and digits), base64url with a checksum. A cursor that does not decode, whose checksum
 * does not match, or whose key is malformed is a 400 naming {@code cursor}.
 */
public record Cursor(long nanos, String key) {
  private static final Pattern KEY = Pattern.compile("[0-9A-Za-z]{0,64}");
  private static final Pattern TEXT =
      Pattern.compile("v1:(-?[0-9]{1,19}):([0-9A-Za-z]{0,64}):([0-9a-f]{8})");

  public Cursor {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("cursor key must be 0-64 letters and digits");
    }
  }

  public String encode() {
    String body = nanos + ":" + key;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + body + ":" + crc(body)).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor of a request; null when absent. */
  public static Cursor decode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Params.bad("cursor", "is not a cursor returned by this API");
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches() || !crc(m.group(1) + ":" + m.group(2)).equals(m.group(3))) {
      throw Params.bad("cursor", "is not a cursor returned by this API");
    }
    try {
      return new Cursor(Long.parseLong(m.group(1)), m.group(2));
    } catch (NumberFormatException e) {
      throw Params.bad("cursor", "is not a cursor returned by this API");
    }
  }

  private static String crc(String body) {
    CRC32 c = new CRC32();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}
