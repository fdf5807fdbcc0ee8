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

    /**
     * Every descendant with a name, in document order, not looking inside elements named in
     * {@code stop} (a statement nested inside another one owns its own transactions).
     */
    List<Element> allOutside(String n, java.util.Set<String> stop) {
      List<Element> out = new ArrayList<>();
      collectOutside(n, stop, out);
      return out;
    }

    private void collectOutside(String n, java.util.Set<String> stop, List<Element> out) {
      for (Element c : children) {
        if (c.name.equals(n)) {
          out.add(c);
        }
        if (!stop.contains(c.name)) {
          c.collectOutside(n, stop, out);
        }
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

  /**
   * Decodes the character references OFX files use: the XML named ones, {@code &nbsp;}, and numeric
   * ones ({@code &#60;}, {@code &#x3C;}). An unknown or malformed reference is kept as written. One pass.
   */
  static String unescape(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    sb.append(s, 0, amp);
    int i = amp;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '&') {
        sb.append(c);
        i++;
        continue;
      }
      int semi = -1;
      for (int k = i + 1; k < s.length() && k <= i + 10; k++) {
        if (s.charAt(k) == ';') {
          semi = k;
          break;
        }
      }
      String rep = semi < 0 ? null : reference(s.substring(i + 1, semi));
      if (rep == null) {
        sb.append('&');
        i++;
      } else {
        sb.append(rep);
        i = semi + 1;
      }
    }
    return sb.toString();
  }

  private static String reference(String name) {
    switch (name) {
      case "lt": return "<";
      case "gt": return ">";
      case "amp": return "&";
      case "quot": return "\"";
      case "apos": return "'";
      case "nbsp": return " ";
      default: break;
    }
    if (name.length() >= 2 && name.charAt(0) == '#') {
      try {
        int cp = name.charAt(1) == 'x' || name.charAt(1) == 'X' ? Integer.parseInt(name.substring(2), 16)
            : Integer.parseInt(name.substring(1));
        if (cp > 0 && Character.isValidCodePoint(cp) && !(cp >= 0xd800 && cp <= 0xdfff)) {
          return cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' ? " " : new String(Character.toChars(cp));
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
