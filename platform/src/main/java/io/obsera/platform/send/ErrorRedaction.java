package io.obsera.platform.send;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a delivery's error text before it is stored or shown. A receiver's answer
 * may echo what it was sent (a Slack URL, an API key, a token in a query string), so the text keeps
 * of every URL only its scheme, host and port, masks {@code key=value} pairs and {@code
 * Bearer}/{@code Basic} credentials, and masks each given secret wherever it appears.
 */
public final class ErrorRedaction {
  /** What replaces a secret. */
  public static final String MASK = "***";

  private static final Pattern URL =
      Pattern.compile("(?i)\\b(https?://[^/\\s?#\"'<>()]+)([/?#][^\\s\"'<>()]*)?");
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(?i)\\b((?:api[_-]?key|apikey|token|access[_-]?token|secret|password|passwd|auth"
              + "|authorization|signature|sig|key|routing[_-]?key|integration[_-]?key)"
              + "\"?\\s*[=:]\\s*\"?)(?:(?:bearer|basic)\\s+)?[^\\s\"&,;]+");
  private static final Pattern SCHEME_CREDENTIAL =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");

  /** The smallest secret masked by value (shorter ones would mask ordinary words). */
  private static final int MIN_SECRET = 6;

  private ErrorRedaction() {}

  /** {@code text} without the given secrets and without anything that looks like one. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      if (s != null && s.length() >= MIN_SECRET) {
        out = out.replace(s, MASK);
      }
    }
    return redact(out);
  }

  /** {@code text} without anything that looks like a secret (URL paths, keys, tokens). */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = URL.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rest = m.group(2);
      String kept = m.group(1) + (rest == null || rest.equals("/") ? "" : "/" + MASK);
      m.appendReplacement(sb, Matcher.quoteReplacement(kept));
    }
    m.appendTail(sb);
    String out = CREDENTIAL.matcher(sb).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return SCHEME_CREDENTIAL.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MASK));
  }
}
