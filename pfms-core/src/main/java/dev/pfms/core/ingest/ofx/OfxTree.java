package dev.pfms.core.ingest.ofx;

import dev.pfms.api.IngestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lenient reader for OFX bodies that builds one element tree from both dialects: OFX 1.x SGML,
 * where leaf elements have no end tag ({@code <CODE>0<SEVERITY>INFO}), and OFX 2.x XML (and the
 * many files that mix the two). An element that has text is a leaf and is closed by the next tag;
 * an end tag closes the nearest open element of that name, and any unclosed ones inside it. Not
 * thread-safe; one per document.
 */
final class OfxTree {

  static final int MAX_DEPTH = 64;

  /** An element: a name, its line, its text (leaves) and its children (aggregates). */
  static final class Element {
    final String name;
    final long line;
    final List<Element> children = new ArrayList<>();
    StringBuilder text;

    Element(String name, long line) {
      this.name = name;
      this.line = line;
    }

    /** The trimmed text, or null when absent or blank. */
    String text() {
      if (text == null) {
        return null;
      }
      String t = text.toString().strip();
      return t.isEmpty() ? null : t;
    }

    /** The first child with a name, or null. */
    Element child(String n) {
      for (Element c : children) {
        if (c.name.equals(n)) {
          return c;
        }
      }
      return null;
    }

    /** The text of the first child with a name, or null. */
    String childText(String n) {
      Element c = child(n);
      return c == null ? null : c.text();
    }

    /** The text at a path of child names, or null. */
    String path(String... names) {
      Element e = this;
      for (String n : names) {
        e = e.child(n);
        if (e == null) {
          return null;
        }
      }
      return e.text();
    }

    /** Every descendant with a name, in document order. */
    List<Element> all(String n) {
      List<Element> out = new ArrayList<>();
      collect(n, out);
      return out;
    }

    private void collect(String n, List<Element> out) {
      for (Element c : children) {
        if (c.name.equals(n)) {
          out.add(c);
        }
        c.collect(n, out);
      }
    }
  }

  private OfxTree() {}

  /**
   * Parses an OFX body.
   *
   * @param text the document (headers before {@code <OFX>} are skipped)
   * @param source the source name, for errors
   * @return the root element, named {@code OFX}
   * @throws IngestException when there is no {@code <OFX>} element or the nesting is absurd
   */
  static Element parse(String text, String source) {
    int start = indexOfIgnoreCase(text, "<OFX>", 0);
    if (start < 0) {
      throw new IngestException(source, 0, null, "no <OFX> element: this is not an OFX/QFX file");
    }
    long line = 1;
    for (int i = 0; i < start; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    Element root = new Element("#root", 0);
    List<Element> stack = new ArrayList<>();
    stack.add(root);
    int i = start;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '<') {
        if (text.startsWith("<!--", i)) {
          int e = text.indexOf("-->", i + 4);
          int end = e < 0 ? n : e + 3;
          line += count(text, i, end);
          i = end;
          continue;
        }
        if (text.startsWith("<![CDATA[", i)) {
          int e = text.indexOf("]]>", i + 9);
          int end = e < 0 ? n : e;
          appendText(stack, text.substring(i + 9, end));
          line += count(text, i, end);
          i = e < 0 ? n : e + 3;
          continue;
        }
        if (text.startsWith("<?", i) || text.startsWith("<!", i)) {
          int e = text.indexOf('>', i);
          int end = e < 0 ? n : e + 1;
          line += count(text, i, end);
          i = end;
          continue;
        }
        int e = text.indexOf('>', i);
        if (e < 0) {
          break; // truncated tag at the end
        }
        String tag = text.substring(i + 1, e).strip();
        line += count(text, i, e);
        i = e + 1;
        if (tag.startsWith("/")) {
          String name = tagName(tag.substring(1));
          for (int k = stack.size() - 1; k > 0; k--) {
            if (stack.get(k).name.equals(name)) {
              while (stack.size() > k) {
                stack.remove(stack.size() - 1);
              }
              break;
            }
          }
          continue;
        }
        boolean selfClosing = tag.endsWith("/");
        String name = tagName(selfClosing ? tag.substring(0, tag.length() - 1) : tag);
        if (name.isEmpty()) {
          continue;
        }
        Element top = stack.get(stack.size() - 1);
        if (top != root && top.children.isEmpty() && top.text() != null) {
          stack.remove(stack.size() - 1); // an SGML leaf ends where the next tag starts
          top = stack.get(stack.size() - 1);
        }
        Element el = new Element(name, line);
        top.children.add(el);
        if (!selfClosing) {
          if (stack.size() > MAX_DEPTH) {
            throw new IngestException(source, line, name, "elements are nested more than " + MAX_DEPTH
                + " deep: the file is damaged");
          }
          stack.add(el);
        }
      } else {
        int e = text.indexOf('<', i);
        int end = e < 0 ? n : e;
        String chunk = text.substring(i, end);
        line += count(text, i, end);
        if (!chunk.isBlank()) {
          appendText(stack, unescape(chunk));
        }
        i = end;
      }
    }
    Element ofx = root.child("OFX");
    if (ofx == null) {
      throw new IngestException(source, 0, null, "no <OFX> element: this is not an OFX/QFX file");
    }
    return ofx;
  }

  private static void appendText(List<Element> stack, String s) {
    Element top = stack.get(stack.size() - 1);
    if (top.text == null) {
      top.text = new StringBuilder();
    }
    top.text.append(s);
  }

  private static String tagName(String tag) {
    int sp = 0;
    while (sp < tag.length() && !Character.isWhitespace(tag.charAt(sp))) {
      sp++;
    }
    return tag.substring(0, sp).toUpperCase(Locale.ROOT);
  }

  private static int count(String s, int from, int to) {
    int c = 0;
    for (int i = from; i < to && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        c++;
      }
    }
    return c;
  }

  static int indexOfIgnoreCase(String s, String what, int from) {
    int n = s.length() - what.length();
    for (int i = from; i <= n; i++) {
      if (s.regionMatches(true, i, what, 0, what.length())) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&nbsp;", " ").replace("&amp;", "&");
  }
}
