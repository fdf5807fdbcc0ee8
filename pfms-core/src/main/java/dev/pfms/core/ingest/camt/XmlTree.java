package dev.pfms.core.ingest.camt;

import dev.pfms.api.IngestException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read with StAX, every element knowing the XML line it starts on (from
 * {@link XMLStreamReader#getLocation()}), so problems name the line of the file. DTDs and external
 * entities are refused; nesting deeper than {@value #MAX_DEPTH} is refused. Linear in the document.
 */
final class XmlTree {

  static final int MAX_DEPTH = 200;

  /** One element: local name, attributes, trimmed text, start line, children. */
  static final class Element {
    final String name;
    final String namespace;
    final long line;
    final Map<String, String> attributes;
    final List<Element> children = new ArrayList<>(2);
    private StringBuilder text;

    Element(String name, String namespace, long line, Map<String, String> attributes) {
      this.name = name;
      this.namespace = namespace;
      this.line = line;
      this.attributes = attributes;
    }

    /** The element's own text, trimmed, or null when blank. */
    String text() {
      if (text == null) {
        return null;
      }
      String t = text.toString().strip();
      return t.isEmpty() ? null : t;
    }

    String attribute(String local) {
      return attributes.get(local);
    }

    Element child(String local) {
      for (Element c : children) {
        if (c.name.equals(local)) {
          return c;
        }
      }
      return null;
    }

    List<Element> children(String local) {
      List<Element> out = new ArrayList<>();
      for (Element c : children) {
        if (c.name.equals(local)) {
          out.add(c);
        }
      }
      return out;
    }

    /** Every descendant with that local name, not looking inside a match. */
    void collect(String local, List<Element> out) {
      for (Element c : children) {
        if (c.name.equals(local)) {
          out.add(c);
        } else {
          c.collect(local, out);
        }
      }
    }
  }

  private XmlTree() {}

  static Element child(Element e, String local) {
    return e == null ? null : e.child(local);
  }

  static Element path(Element e, String... locals) {
    Element cur = e;
    for (String l : locals) {
      cur = child(cur, l);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  static String text(Element e) {
    return e == null ? null : e.text();
  }

  static List<Element> children(Element e, String local) {
    return e == null ? List.of() : e.children(local);
  }

  /**
   * Parses a document.
   *
   * @param bytes the document
   * @param source the source name for errors
   * @return the root element
   * @throws IngestException naming the line when the XML is not well-formed or holds a DTD
   */
  static Element parse(byte[] bytes, String source) {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    XMLStreamReader r = null;
    List<Element> stack = new ArrayList<>();
    Element root = null;
    try {
      r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (stack.size() >= MAX_DEPTH) {
              throw new IngestException(source, r.getLocation().getLineNumber(), null, "elements nested deeper than "
                  + MAX_DEPTH + ": not a bank statement");
            }
            Map<String, String> attrs = r.getAttributeCount() == 0 ? Map.of() : new HashMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
              attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            Element e = new Element(r.getLocalName(), r.getNamespaceURI(), Math.max(0, r.getLocation().getLineNumber()),
                attrs);
            if (stack.isEmpty()) {
              root = e;
            } else {
              stack.get(stack.size() - 1).children.add(e);
            }
            stack.add(e);
          }
          case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (!stack.isEmpty()) {
              Element top = stack.get(stack.size() - 1);
              if (top.text == null) {
                if (r.isWhiteSpace()) {
                  continue;
                }
                top.text = new StringBuilder();
              }
              top.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
          }
          case XMLStreamConstants.DTD -> throw new IngestException(source, r.getLocation().getLineNumber(), null,
              "the document declares a DTD, which a bank statement never needs; refused");
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new IngestException(source,
              r.getLocation().getLineNumber(), null, "the document refers to an undeclared entity '" + r.getLocalName()
                  + "'");
          default -> { }
        }
      }
    } catch (XMLStreamException e) {
      long line = e.getLocation() != null ? Math.max(0, e.getLocation().getLineNumber()) : 0;
      throw new IngestException(source, line, null, "not well-formed XML: " + e.getMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // nothing to release
        }
      }
    }
    if (root == null) {
      throw new IngestException(source, 0, null, "not well-formed XML: no root element");
    }
    return root;
  }
}
