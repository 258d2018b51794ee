package io.obsera.query.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of half-open time intervals {@code [start, end)} in epoch milliseconds, kept sorted and
 * disjoint. Pure value: every operation returns a new set.
 */
public final class Intervals {
  private static final Intervals EMPTY = new Intervals(List.of());

  /** One interval, {@code start < end}. */
  public record Span(long start, long end) {
    public Span {
      if (end <= start) {
        throw new IllegalArgumentException("interval end must be after start");
      }
    }

    public Instant startInstant() {
      return Instant.ofEpochMilli(start);
    }

    public Instant endInstant() {
      return Instant.ofEpochMilli(end);
    }
  }

  private final List<Span> spans;

  private Intervals(List<Span> normalized) {
    this.spans = List.copyOf(normalized);
  }

  public static Intervals empty() {
    return EMPTY;
  }

  public static Intervals of(Instant start, Instant end) {
    return end.isAfter(start)
        ? new Intervals(List.of(new Span(start.toEpochMilli(), end.toEpochMilli())))
        : EMPTY;
  }

  /** The union of any spans (overlapping or touching ones merge); empty ones are ignored. */
  public static Intervals union(List<Span> any) {
    List<Span> sorted = new ArrayList<>(any);
    sorted.sort(Comparator.comparingLong(Span::start));
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      if (!out.isEmpty() && s.start() <= out.get(out.size() - 1).end()) {
        Span last = out.remove(out.size() - 1);
        out.add(new Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        out.add(s);
      }
    }
    return new Intervals(out);
  }

  public List<Span> spans() {
    return spans;
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }

  public Intervals union(Intervals other) {
    List<Span> all = new ArrayList<>(spans);
    all.addAll(other.spans);
    return union(all);
  }

  public Intervals intersect(Intervals other) {
    List<Span> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < spans.size() && j < other.spans.size()) {
      Span a = spans.get(i);
      Span b = other.spans.get(j);
      long s = Math.max(a.start(), b.start());
      long e = Math.min(a.end(), b.end());
      if (s < e) {
        out.add(new Span(s, e));
      }
      if (a.end() < b.end()) {
        i++;
      } else {
        j++;
      }
    }
    return new Intervals(out);
  }

  /** This set without the times in {@code other}. */
  public Intervals minus(Intervals other) {
    List<Span> out = new ArrayList<>();
    for (Span a : spans) {
      long cursor = a.start();
      for (Span b : other.spans) {
        if (b.end() <= cursor || b.start() >= a.end()) {
          continue;
        }
        if (b.start() > cursor) {
          out.add(new Span(cursor, b.start()));
        }
        cursor = Math.max(cursor, b.end());
      }
      if (cursor < a.end()) {
        out.add(new Span(cursor, a.end()));
      }
    }
    return new Intervals(out);
  }

  public Intervals clip(Instant from, Instant to) {
    return intersect(of(from, to));
  }

  /** Total length in milliseconds. */
  public long millis() {
    long sum = 0;
    for (Span s : spans) {
      sum += s.end() - s.start();
    }
    return sum;
  }

  public double minutes() {
    return millis() / 60_000.0;
  }

  @Override
  public String toString() {
    return spans.toString();
  }
}
