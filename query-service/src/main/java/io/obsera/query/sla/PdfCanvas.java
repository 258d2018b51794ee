package io.obsera.query.sla;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A top-to-bottom writer over PDFBox pages (A4): text lines, table rows and filled rectangles, with
 * a cursor that starts a new page when the next item does not fit. Text uses the standard Helvetica
 * fonts (nothing embedded); characters they cannot show become '?'.
 */
final class PdfCanvas implements AutoCloseable {
  static final float MARGIN = 48;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

  private final PDDocument doc = new PDDocument();
  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private PDPageContentStream page;
  private float y;

  PdfCanvas() {
    newPage();
  }

  /** The cursor: the top of the next item, in PDF points from the bottom of the page. */
  float y() {
    return y;
  }

  /** Moves the cursor down {@code height} points, starting a new page when they do not fit. */
  float reserve(float height) {
    if (y - height < MARGIN) {
      newPage();
    }
    float top = y;
    y -= height;
    return top;
  }

  void gap(float points) {
    y -= points;
  }

  void title(String text) {
    line(text, 18, true);
    gap(4);
  }

  void heading(String text) {
    gap(8);
    line(text, 12, true);
    gap(2);
  }

  void line(String text, float size, boolean strong) {
    float top = reserve(size * 1.4f);
    text(MARGIN, top - size, text, size, strong, Color.BLACK);
  }

  /** Words of {@code text} over as many lines as needed. */
  void paragraph(String text, float size) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      String next = current.length() == 0 ? word : current + " " + word;
      if (width(next, size, false) > WIDTH && current.length() > 0) {
        lines.add(current.toString());
        current = new StringBuilder(word);
      } else {
        current = new StringBuilder(next);
      }
    }
    lines.add(current.toString());
    lines.forEach(l -> line(l, size, false));
  }

  /** One table row: cells at the given column offsets (first left-aligned, others right). */
  void row(float[] columns, List<String> cells, boolean header) {
    float size = 8.5f;
    float top = reserve(size * 1.6f);
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      float x = MARGIN + columns[i];
      if (i > 0) {
        float right = i + 1 < columns.length ? MARGIN + columns[i + 1] - 6 : MARGIN + WIDTH;
        x = right - width(cell, size, header);
      }
      text(x, top - size, cell, size, header, Color.BLACK);
    }
    if (header) {
      rect(MARGIN, top - size * 1.6f + 1, WIDTH, 0.6f, Color.GRAY);
    }
  }

  void rect(float x, float yBottom, float w, float h, Color color) {
    try {
      page.setNonStrokingColor(color);
      page.addRect(x, yBottom, w, h);
      page.fill();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(float x, float yBaseline, String text, float size, boolean strong, Color color) {
    try {
      page.beginText();
      page.setNonStrokingColor(color);
      page.setFont(strong ? bold : regular, size);
      page.newLineAtOffset(x, yBaseline);
      page.showText(printable(text));
      page.endText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  float width(String text, float size, boolean strong) {
    try {
      return (strong ? bold : regular).getStringWidth(printable(text)) / 1000 * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document's bytes; closes it. */
  byte[] finish() {
    try {
      page.close();
      page = null;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      close();
    }
  }

  private void newPage() {
    try {
      if (page != null) {
        page.close();
      }
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      page = new PDPageContentStream(doc, p);
      y = PDRectangle.A4.getHeight() - MARGIN;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff ? c : '?');
    }
    return b.toString();
  }

  @Override
  public void close() {
    try {
      if (page != null) {
        page.close();
        page = null;
      }
      doc.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
