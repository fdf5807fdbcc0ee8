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

  /**
   * A damaged tag found while reading: the element it was found in, its line, and what it looks
   * like. The ingestor rejects the transaction that holds it, or warns about it.
   */
  static final class Damage {
    final Element owner;
    final long line;
    final String field;
    final String reason;
    boolean reported;

    Damage(Element owner, long line, String field, String reason) {
      this.owner = owner;
      this.line = line;
      this.field = field;
      this.reason = reason;
    }
  }

  /** An element: a name, its line, its text (leaves) and its children (aggregates). */
  static final class Element {
    final String name;
    final long line;
    final List<Element> children = new ArrayList<>();
    /** Damaged tags found in the document (filled on the returned {@code OFX} element only). */
    final List<Damage> damages = new ArrayList<>();
    /** Lines of end tags that closed nothing (filled on the returned {@code OFX} element only). */
    final List<Long> strayEnds = new ArrayList<>();
    StringBuilder text;
    Damage damage;

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

    /**
     * The first damage in this element or below it, not looking inside nested elements of the
     * same name (a transaction nested in a damaged one is its own record), or null.
     */
    Damage damageInside() {
      if (damage != null) {
        return damage;
      }
      for (Element c : children) {
        if (!c.name.equals(name)) {
          Damage d = c.damageInside();
          if (d != null) {
            return d;
          }
        }
      }
      return null;
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

  /**
   * Aggregates of the statements pfms reads: they hold elements, never text, so stray text in one
   * (a damaged byte) is a damage and does not turn it into a leaf.
   */
  static final java.util.Set<String> AGGREGATES = java.util.Set.of("OFX", "SIGNONMSGSRSV1", "SONRS", "STATUS", "FI",
      "BANKMSGSRSV1", "CREDITCARDMSGSRSV1", "INVSTMTMSGSRSV1", "STMTTRNRS", "CCSTMTTRNRS", "INVSTMTTRNRS", "STMTRS",
      "CCSTMTRS", "INVSTMTRS", "BANKACCTFROM", "CCACCTFROM", "INVACCTFROM", "BANKACCTTO", "CCACCTTO", "BANKTRANLIST",
      "STMTTRN", "PAYEE", "CURRENCY", "ORIGCURRENCY", "LEDGERBAL", "AVAILBAL", "INVTRANLIST", "INVBANKTRAN", "INVTRAN",
      "INCOME", "INVEXPENSE", "MARGININTEREST", "RETOFCAP", "INVPOSLIST", "INVBAL", "SECLISTMSGSRSV1", "SECLIST");

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
    List<Damage> damages = new ArrayList<>();
    List<Long> strayEnds = new ArrayList<>();
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
        String raw = text.substring(i + 1, e);
        String tag = raw.strip();
        long tagLine = line;
        line += count(text, i, e);
        i = e + 1;
        String bad = !raw.isEmpty() && (Character.isWhitespace(raw.charAt(0)) || Character.isISOControl(raw.charAt(0)))
            ? clip(tag) : badTagName(tag); // "< TAG>": a byte before the name
        String badReason = bad == null ? null : "the tag <" + clip(tag.strip()).replace('\n', ' ')
            + "> is damaged (a tag name holds letters and digits only)";
        if (bad != null && (tag.startsWith("/") || tagName(tag).isEmpty())) {
          damaged(damages, stack.get(stack.size() - 1), tagLine, bad, badReason);
        }
        if (tag.startsWith("/")) {
          String name = tagName(tag.substring(1));
          boolean matched = false;
          for (int k = stack.size() - 1; k > 0; k--) {
            if (stack.get(k).name.equals(name)) {
              while (stack.size() > k) {
                stack.remove(stack.size() - 1);
              }
              matched = true;
              break;
            }
          }
          if (!matched) {
            strayEnds.add(tagLine); // an end tag that closes nothing: maybe a start tag lost its name
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
        if (bad != null) {
          damaged(damages, el, tagLine, bad, badReason);
        }
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
        long chunkLine = line;
        line += count(text, i, end);
        Element owner = stack.get(stack.size() - 1);
        if (!chunk.isBlank() && AGGREGATES.contains(owner.name)) {
          // an aggregate never holds text: reading it as a leaf would end it at the next tag
          damaged(damages, owner, chunkLine + leadingLines(chunk), owner.name, "the text \"" + clip(chunk.strip()) + "\" sits in the aggregate <"
              + owner.name + "> (line " + owner.line + "), where no text belongs: the file is damaged here");
        } else if (!chunk.isBlank()) {
          String folded = foldedTag(chunk);
          if (folded != null) {
            damaged(damages, stack.get(stack.size() - 1), chunkLine + count(chunk, 0, chunk.indexOf(folded + ">")), folded, "the text \"" + clip(chunk.strip())
                + "\" holds a tag whose '<' is damaged (" + folded + ">), so it was folded into the text of <"
                + stack.get(stack.size() - 1).name + ">");
          }
          appendText(stack, unescape(chunk));
        }
        i = end;
      }
    }
    Element ofx = root.child("OFX");
    if (ofx == null) {
      throw new IngestException(source, 0, null, "no <OFX> element: this is not an OFX/QFX file");
    }
    ofx.damages.addAll(damages);
    ofx.strayEnds.addAll(strayEnds);
    return ofx;
  }

  /** Line breaks before the first non-blank character. */
  private static int leadingLines(String chunk) {
    int c = 0;
    for (int k = 0; k < chunk.length() && Character.isWhitespace(chunk.charAt(k)); k++) {
      c += chunk.charAt(k) == '\n' ? 1 : 0;
    }
    return c;
  }

  private static void damaged(List<Damage> damages, Element owner, long line, String field, String reason) {
    Damage d = new Damage(owner, line, field, reason);
    damages.add(d);
    if (owner.damage == null) {
      owner.damage = d;
    }
  }

  /**
   * What is wrong with a tag's name, or null: a name holds letters, digits, {@code .} and
   * {@code _} only (a {@code <} inside means this tag's {@code >} was damaged and it swallowed the
   * next tag).
   */
  private static String badTagName(String tag) {
    String t = tag.startsWith("/") ? tag.substring(1) : tag.endsWith("/") ? tag.substring(0, tag.length() - 1) : tag;
    int end = 0;
    while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
      end++;
    }
    if (end == 0) {
      return t.isEmpty() ? null : "<" + clip(t) + ">";
    }
    for (int k = 0; k < end; k++) {
      char c = t.charAt(k);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
          || c == ':' || c == '-')) {
        return clip(t.substring(0, end));
      }
    }
    if (t.indexOf('<') >= 0) {
      return clip(t.substring(0, end));
    }
    return null;
  }

  /**
   * The tag name before a {@code >} in a text chunk ({@code MEMO} in "Foo MEMO>bar"), or null: what
   * is left of a tag whose {@code <} was damaged.
   */
  private static String foldedTag(String chunk) {
    int gt = chunk.indexOf('>');
    while (gt >= 0) {
      int k = gt;
      while (k > 0 && (Character.isLetterOrDigit(chunk.charAt(k - 1)) || chunk.charAt(k - 1) == '.'
          || chunk.charAt(k - 1) == '/' || chunk.charAt(k - 1) == '_')) {
        k--;
      }
      if (gt - k >= 2) {
        return chunk.substring(k, gt);
      }
      gt = chunk.indexOf('>', gt + 1);
    }
    return null;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
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
