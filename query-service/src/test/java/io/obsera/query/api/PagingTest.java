package io.obsera.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {
  private static Paging.Slice<String> slice(List<Long> rows, int limit) {
    return Paging.slice(rows, limit, r -> "item" + r, r -> new Cursor(r, "k" + r));
  }

  @Test
  void should_readOneRowMoreThanTheLimit() {
    assertThat(Paging.rowsToRead(50)).isEqualTo(51);
  }

  @Test
  void should_keepTheFirstLimitRows_andPointTheCursorAtTheLastOneKept_whenThereIsAnExtraRow() {
    Paging.Slice<String> page = slice(List.of(10L, 20L, 30L, 40L), 3);

    assertThat(page.items()).containsExactly("item10", "item20", "item30");
    assertThat(Cursor.decode(page.nextCursor())).isEqualTo(new Cursor(30L, "k30"));
  }

  @Test
  void should_haveNoNextCursor_whenTheRowsFitTheLimit() {
    assertThat(slice(List.of(10L, 20L, 30L), 3).nextCursor()).isNull();
    assertThat(slice(List.of(10L), 3).items()).containsExactly("item10");
    assertThat(slice(List.of(), 3).items()).isEmpty();
  }
}
