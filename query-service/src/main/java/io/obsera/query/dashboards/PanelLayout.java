package io.obsera.query.dashboards;

/**
 * Where a panel sits on its dashboard's grid of {@link #COLUMNS} columns: column {@code x}, row
 * {@code y}, {@code w} columns wide and {@code h} rows high.
 */
public record PanelLayout(int x, int y, int w, int h) {
  public static final int COLUMNS = 12;
  static final int MAX_ROW = 10_000;
  static final int MAX_HEIGHT = 48;

  public PanelLayout {
    if (w < 1 || w > COLUMNS) {
      throw new IllegalArgumentException("layout 'w' must be 1-" + COLUMNS + ", got " + w);
    }
    if (x < 0 || x + w > COLUMNS) {
      throw new IllegalArgumentException(
          "layout 'x' must be 0-" + (COLUMNS - w) + " for w=" + w + ", got " + x);
    }
    if (y < 0 || y > MAX_ROW) {
      throw new IllegalArgumentException("layout 'y' must be 0-" + MAX_ROW + ", got " + y);
    }
    if (h < 1 || h > MAX_HEIGHT) {
      throw new IllegalArgumentException("layout 'h' must be 1-" + MAX_HEIGHT + ", got " + h);
    }
  }

  /**
   * The place of the {@code index}-th panel of a dashboard saved without layouts: two panels of
   * half the width per row, in the order they were saved.
   */
  static PanelLayout byIndex(int index) {
    return new PanelLayout((index % 2) * 6, (index / 2) * 4, 6, 4);
  }
}
