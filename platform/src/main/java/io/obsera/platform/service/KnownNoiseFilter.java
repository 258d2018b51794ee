package io.obsera.platform.service;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Drops log lines that libraries print although nothing is wrong (each entry in {@code logback.xml}
 * says why), so an operator reading the log sees only what matters. An entry, one {@code <noise>}
 * element each, is {@code <logger name or prefix> :: <regular expression>}; the expression is
 * searched in the formatted message followed by the exception's class and message (and those of its
 * causes), so an entry can name the exception that makes a line benign.
 */
public final class KnownNoiseFilter extends Filter<ILoggingEvent> {
  private record Noise(String logger, Pattern text) {
    boolean matches(ILoggingEvent event) {
      String name = event.getLoggerName();
      if (!(name.equals(logger) || name.startsWith(logger + "."))) {
        return false;
      }
      StringBuilder sb = new StringBuilder(String.valueOf(event.getFormattedMessage()));
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        if (t.getCause() == t) {
          break;
        }
      }
      return text.matcher(sb).find();
    }
  }

  private final List<Noise> noise = new ArrayList<>();

  /** Adds {@code <logger> :: <regex>} (logback calls this for every {@code <noise>} element). */
  public void addNoise(String entry) {
    int sep = entry.indexOf("::");
    if (sep < 0) {
      addError("noise entry without '::' between logger and pattern: " + entry);
      return;
    }
    noise.add(
        new Noise(
            entry.substring(0, sep).strip(), Pattern.compile(entry.substring(sep + 2).strip())));
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    for (Noise n : noise) {
      if (n.matches(event)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
