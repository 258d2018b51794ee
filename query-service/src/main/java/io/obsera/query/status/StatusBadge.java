package io.obsera.query.status;

import io.obsera.query.status.StatusPage.Status;

/** A shields-style SVG badge: "status | operational", the right half coloured by status. */
public final class StatusBadge {
  private static final String LEFT = "status";

  private StatusBadge() {}

  public static String svg(Status status) {
    String right =
        status == Status.NO_DATA ? "no data" : status.label.toLowerCase(java.util.Locale.ROOT);
    int lw = width(LEFT);
    int rw = width(right);
    int w = lw + rw;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + w
        + "\" height=\"20\" role=\"img\" aria-label=\""
        + LEFT
        + ": "
        + right
        + "\"><title>"
        + LEFT
        + ": "
        + right
        + "</title><linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\""
        + " stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/>"
        + "</linearGradient><clipPath id=\"r\"><rect width=\""
        + w
        + "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath><g clip-path=\"url(#r)\">"
        + "<rect width=\""
        + lw
        + "\" height=\"20\" fill=\"#555\"/><rect x=\""
        + lw
        + "\" width=\""
        + rw
        + "\" height=\"20\" fill=\""
        + status.colour
        + "\"/><rect width=\""
        + w
        + "\" height=\"20\" fill=\"url(#s)\"/></g><g fill=\"#fff\" text-anchor=\"middle\""
        + " font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\""
        + lw / 2
        + "\" y=\"14\">"
        + LEFT
        + "</text><text x=\""
        + (lw + rw / 2)
        + "\" y=\"14\">"
        + right
        + "</text></g></svg>";
  }

  /** About 7 px per character of 11 px Verdana, plus padding. */
  static int width(String text) {
    return text.length() * 7 + 12;
  }
}
