package io.obsera.ingest.otlp;

import io.javalin.http.Context;
import io.obsera.ingest.pipeline.IngestError;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers an export depends on, read as sent and checked strictly before anything else: one
 * {@code Content-Type}, a known media type whose parameters are well formed (a charset only UTF-8),
 * and at most one {@code Content-Encoding}, gzip or identity. Garbage is a 400 or 415 naming the
 * header and what is wrong with it. The servlet's parsed content type is never asked for: it throws
 * on a charset name it cannot look up (a 500 per request).
 */
final class RequestHeaders {
  /** An RFC 9110 token: a parameter name, or a value without quotes. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** A quoted parameter value (without backslash escapes, which no OTLP client sends). */
  private static final Pattern QUOTED = Pattern.compile("\"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*\"");

  /** Values echoed in a message are cut to this many characters. */
  private static final int SHOWN_CHARS = 80;

  private RequestHeaders() {}

  /** The codec of the request's one Content-Type; 400 or 415 naming what is wrong with it. */
  static OtlpCodec codec(Context ctx, List<OtlpCodec> codecs) {
    String type = single(ctx, "Content-Type");
    String[] parts = type == null ? new String[] {""} : type.split(";", -1);
    String media = parts[0].strip().toLowerCase(Locale.ROOT);
    OtlpCodec codec =
        codecs.stream().filter(c -> c.mediaType().equals(media)).findFirst().orElse(null);
    if (codec == null) {
      throw IngestError.unsupportedMediaType(
          "Content-Type must be one of "
              + codecs.stream().map(OtlpCodec::mediaType).toList()
              + ", got "
              + (type == null ? "none" : shown(type)));
    }
    Set<String> names = new HashSet<>();
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : parameter.substring(eq + 1);
      if (parameter.isEmpty()) {
        throw badType(type, "has an empty parameter (a ';' too many)");
      }
      if (!TOKEN.matcher(name).matches() || value.isEmpty()) {
        throw badType(type, "has a malformed parameter " + shown(parameter) + " (name=value)");
      }
      if (!names.add(name)) {
        throw badType(type, "has the parameter '" + name + "' twice");
      }
      boolean quoted = QUOTED.matcher(value).matches();
      if (!quoted && !TOKEN.matcher(value).matches()) {
        throw badType(
            type,
            (name.equals("charset") ? "has an illegal charset name " : "has an illegal value ")
                + shown(value)
                + (name.equals("charset") ? "" : " of parameter '" + name + "'"));
      }
      String unquoted = quoted ? value.substring(1, value.length() - 1) : value;
      if (name.equals("charset") && !unquoted.equalsIgnoreCase("utf-8")) {
        throw badType(
            type, "names charset " + shown(unquoted) + "; OTLP is UTF-8 (charset=utf-8, or none)");
      }
    }
    return codec;
  }

  /** Whether the body is gzip: one Content-Encoding of gzip, or none (identity); else 400/415. */
  static boolean gzip(Context ctx) {
    String encoding = single(ctx, "Content-Encoding");
    if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
      return false;
    }
    if (!encoding.strip().equalsIgnoreCase("gzip")) {
      throw IngestError.unsupportedMediaType(
          "Content-Encoding "
              + shown(encoding)
              + " is not supported (gzip or none; one encoding, not a list)");
    }
    return true;
  }

  /** The value of a header that must be sent at most once; 400 when it is sent more often. */
  private static String single(Context ctx, String name) {
    List<String> values = Collections.list(ctx.req().getHeaders(name));
    if (values.size() > 1) {
      throw IngestError.invalid(
          name + " header sent " + values.size() + " times; send it once, with one value");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static IngestError badType(String type, String problem) {
    return IngestError.unsupportedMediaType(
        "Content-Type "
            + shown(type)
            + " "
            + problem
            + "; send application/x-protobuf or application/json, optionally with"
            + " charset=utf-8");
  }

  /** A header value for a message: quoted, non-printable characters escaped, cut when long. */
  static String shown(String value) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < SHOWN_CHARS; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format(c <= 0xff ? "\\x%02x" : "\\u%04x", (int) c));
      }
    }
    b.append(value.length() > SHOWN_CHARS ? "...' (" + value.length() + " characters)" : "'");
    return b.toString();
  }
}
