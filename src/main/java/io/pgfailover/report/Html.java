package io.pgfailover.report;

import java.util.List;

/** Minimal HTML building: every text goes through {@link #esc}; tables from rows of text. */
final class Html {
  private Html() {}

  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Text made safe inside an inline {@code <script>}: no "</" can close the element early. */
  static String scriptSafe(String json) {
    return json.replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  static void heading(StringBuilder out, String id, String title) {
    out.append("<h2 class=\"pgf-title\" id=\"")
        .append(esc(id))
        .append("\">")
        .append(esc(title))
        .append("</h2>\n");
  }

  static void paragraph(StringBuilder out, String text) {
    out.append("<p class=\"pgf-text\">").append(esc(text)).append("</p>\n");
  }

  /** A table of text cells; a cell starting with "!" is flagged (shown in the danger colour). */
  static void table(StringBuilder out, List<String> headers, List<List<String>> rows) {
    out.append("<div class=\"pgf-scroll\"><table class=\"pgf-table\">\n<thead><tr>");
    for (String h : headers) {
      out.append("<th>").append(esc(h)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    if (rows.isEmpty()) {
      out.append("<tr><td colspan=\"").append(headers.size()).append("\">none</td></tr>\n");
    }
    for (List<String> row : rows) {
      out.append("<tr>");
      for (String cell : row) {
        if (cell != null && cell.startsWith("!")) {
          out.append("<td class=\"pgf-bad\">").append(esc(cell.substring(1))).append("</td>");
        } else {
          out.append("<td>").append(esc(cell == null ? "-" : cell)).append("</td>");
        }
      }
      out.append("</tr>\n");
    }
    out.append("</tbody></table></div>\n");
  }
}
