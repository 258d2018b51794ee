package io.obsera.query.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pages of the searches: a search reads one row more than its limit, which only tells that
 * there is a next page; the next page starts after the {@link Cursor} of the last row shown.
 */
public final class Paging {
  private Paging() {}

  /** A page's items and the cursor of the next page (null on the last page). */
  public record Slice<T>(List<T> items, String nextCursor) {}

  /** How many rows to read for a page of {@code limit} items. */
  public static int rowsToRead(int limit) {
    return limit + 1;
  }

  /**
   * The page of {@code rows} (read with {@link #rowsToRead}): the first {@code limit} as items, and
   * when there were more, the cursor of the last one kept.
   */
  public static <R, T> Slice<T> slice(
      List<R> rows, int limit, Function<R, T> item, Function<R, Cursor> cursor) {
    List<T> items = new ArrayList<>();
    for (R r : rows.subList(0, Math.min(rows.size(), limit))) {
      items.add(item.apply(r));
    }
    String next = rows.size() > limit ? cursor.apply(rows.get(limit - 1)).encode() : null;
    return new Slice<>(items, next);
  }
}
