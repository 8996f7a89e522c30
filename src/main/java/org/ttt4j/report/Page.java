package org.ttt4j.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The content of a report as a list of blocks, rendered twice: as Markdown that links its figures
 * by file name, and as one self-contained HTML page that embeds them as data URIs.
 */
final class Page {

  /** One piece of a page, which knows how to write itself in both formats. */
  sealed interface Block permits Heading, Text, Warning, Table, Figure, Code {
    void markdown(StringBuilder sb);

    void html(StringBuilder sb);
  }

  /** A section title; level 1 is the page title. */
  record Heading(int level, String text) implements Block {
    public void markdown(StringBuilder sb) {
      sb.append("#".repeat(level)).append(' ').append(text);
    }

    public void html(StringBuilder sb) {
      sb.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level)
          .append(">\n");
    }
  }

  /** A paragraph of plain text. */
  record Text(String text) implements Block {
    public void markdown(StringBuilder sb) {
      sb.append(text);
    }

    public void html(StringBuilder sb) {
      sb.append("<p>").append(escape(text)).append("</p>\n");
    }
  }

  /** Something the reader must not miss (skipped lines, missing provenance). */
  record Warning(String text) implements Block {
    public void markdown(StringBuilder sb) {
      sb.append("> **Warning:** ").append(text);
    }

    public void html(StringBuilder sb) {
      sb.append("<p class=\"warning\"><b>Warning:</b> ").append(escape(text)).append("</p>\n");
    }
  }

  /** A table of plain-text cells; {@code header} names the columns. */
  record Table(List<String> header, List<List<String>> rows) implements Block {
    Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
    }

    public void markdown(StringBuilder sb) {
      sb.append(row(header)).append("\n|").append("---|".repeat(header.size()));
      rows.forEach(r -> sb.append('\n').append(row(r)));
    }

    public void html(StringBuilder sb) {
      sb.append("<div class=\"wide\"><table>\n<tr>");
      header.forEach(c -> sb.append("<th>").append(escape(c)).append("</th>"));
      sb.append("</tr>\n");
      for (List<String> r : rows) {
        sb.append("<tr>");
        // numbers ("67.0 [61.5, 72.1]", "1500") right-aligned, text left
        r.forEach(c -> sb.append(c.matches("[0-9.\\[\\], +-]+") ? "<td class=\"num\">" : "<td>")
            .append(escape(c)).append("</td>"));
        sb.append("</tr>\n");
      }
      sb.append("</table></div>\n");
    }

    private static String row(List<String> cells) {
      StringBuilder sb = new StringBuilder("|");
      cells.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
      return sb.toString();
    }
  }

  /** A PNG figure, written to {@code file} beside the page. */
  record Figure(String file, String caption, byte[] png) implements Block {
    public void markdown(StringBuilder sb) {
      sb.append("![").append(caption).append("](").append(file).append(")\n\n*")
          .append(caption).append('*');
    }

    public void html(StringBuilder sb) {
      sb.append("<figure>\n<img src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png)).append("\" alt=\"")
          .append(escape(caption)).append("\">\n<figcaption>").append(escape(caption))
          .append("</figcaption>\n</figure>\n");
    }
  }

  /** Preformatted text (command lines, configs). */
  record Code(String text) implements Block {
    public void markdown(StringBuilder sb) {
      sb.append("```\n").append(text).append("\n```");
    }

    public void html(StringBuilder sb) {
      sb.append("<pre>").append(escape(text)).append("</pre>\n");
    }
  }

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  Page(String title) {
    this.title = title;
  }

  Page add(Block b) {
    blocks.add(b);
    return this;
  }

  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /**
   * Adds Markdown as written by {@code Summary.markdown} and friends: paragraphs separated by blank
   * lines, where a paragraph whose lines all start with '|' is a table.
   */
  Page addMarkdown(String markdown) {
    for (String chunk : markdown.strip().split("\\R\\s*\\R")) {
      List<String> lines = chunk.strip().lines().map(String::strip).toList();
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        continue;
      }
      if (lines.size() >= 2 && lines.stream().allMatch(l -> l.startsWith("|"))) {
        add(new Table(cells(lines.get(0)), lines.stream().skip(2).map(Page::cells).toList()));
      } else {
        add(new Text(String.join(" ", lines)));
      }
    }
    return this;
  }

  /** The page as Markdown; figures are linked by their file names. */
  String markdown() {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
    for (Block b : blocks) {
      b.markdown(sb);
      sb.append("\n\n");
    }
    return sb.toString();
  }

  /** The page as one HTML file; figures are embedded as base64 data URIs. */
  String html() {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        + "<meta charset=\"utf-8\">\n<title>").append(escape(title)).append("</title>\n<style>\n")
        .append(STYLE).append("</style>\n</head>\n<body>\n<h1>").append(escape(title))
        .append("</h1>\n");
    for (Block b : blocks) {
      b.html(sb);
    }
    return sb.append("</body>\n</html>\n").toString();
  }

  private static final String STYLE = """
      body { font-family: sans-serif; max-width: 1400px; margin: 2em auto; padding: 0 1em;
             color: #222; line-height: 1.4; }
      h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
      .wide { overflow-x: auto; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
      th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left;
               white-space: nowrap; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr:nth-child(even) td { background: #f6f6f6; }
      figure { margin: 1.5em 0; }
      img { max-width: 100%; border: 1px solid #eee; }
      figcaption { color: #555; font-size: 0.9em; }
      pre { background: #f4f4f4; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
      .warning { background: #fff4d6; border-left: 4px solid #e0a000; padding: .5em; }
      """;

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
