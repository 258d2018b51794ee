package io.obsera.alert.notify;

/** Fits the texts of a notification into a length limit (ours or a vendor's). */
public final class TextLimits {
  private TextLimits() {}

  /** {@code s} when it has at most {@code max} characters, else its start ending with "…". */
  public static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
