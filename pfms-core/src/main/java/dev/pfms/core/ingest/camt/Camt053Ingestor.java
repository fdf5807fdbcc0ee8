package dev.pfms.core.ingest.camt;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.Accounts;
import dev.pfms.core.ingest.internal.ReportCollector;
import dev.pfms.core.ingest.internal.Texts;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads ISO 20022 camt.053 bank-to-customer statements (any version; camt.052 account reports too):
 * one transaction per booked entry ({@code Ntry}), signed by {@code CdtDbtInd} (and flipped by
 * {@code RvslInd}), dated by {@code BookgDt}, with the counterparty name as payee (creditor for money
 * out, debtor for money in) and the unstructured remittance information as description. Entries
 * are numbered in document order in provenance. DTDs and external entities are refused. Immutable
 * and thread-safe.
 */
public final class Camt053Ingestor implements Ingestor {

  private final String account;
  private final String currency;
  private final boolean strict;

  /**
   * Creates an ingestor.
   *
   * @param account the account when the statement has none, or null
   * @param currency the currency when an amount has none, or null
   * @param strict whether one bad entry fails the whole file
   */
  public Camt053Ingestor(String account, String currency, boolean strict) {
    this.account = account;
    this.currency = currency;
    this.strict = strict;
  }

  @Override
  public String format() {
    return "camt053";
  }

  @Override
  public int recognize(byte[] head, String name) {
    String s = new String(head, StandardCharsets.ISO_8859_1);
    if (s.contains("BkToCstmrStmt") || s.contains("camt.053")) {
      return 95;
    }
    if (s.contains("BkToCstmrAcctRpt") || s.contains("camt.052")) {
      return 85;
    }
    return 0;
  }

  @Override
  public IngestReport ingest(IngestSource source) {
    return Ingestor.collect(this, source);
  }

  @Override
  public IngestSummary ingest(IngestSource source, IngestSink sink) {
    byte[] bytes = Texts.readDocument(source, "a statement");
    Document doc = parse(bytes, source.name());
    List<Element> statements = new ArrayList<>();
    collect(doc.getDocumentElement(), "Stmt", statements);
    collect(doc.getDocumentElement(), "Rpt", statements);
    if (statements.isEmpty()) {
      throw new IngestException(source.name(), 0, null, "no <Stmt> or <Rpt> element: this is not a camt.053 or "
          + "camt.052 statement");
    }
    ReportCollector out = new ReportCollector(source.name(), format(), strict, sink);
    Set<String> accounts = new LinkedHashSet<>();
    int entry = 0;
    for (Element st : statements) {
      Element acct = child(st, "Acct");
      String id = text(path(acct, "Id", "IBAN"));
      if (id == null) {
        id = text(path(acct, "Id", "Othr", "Id"));
      }
      String masked = Accounts.choose(id, account, source.name());
      accounts.add(masked);
      String acctCcy = text(child(acct, "Ccy"));
      for (Element ntry : children(st, "Ntry")) {
        if (out.stopped()) {
          break;
        }
        entry++;
        entry(ntry, entry, masked, acctCcy, out);
      }
    }
    Map<String, String> layout = new LinkedHashMap<>();
    layout.put("message", doc.getDocumentElement().getNamespaceURI() == null ? "unknown"
        : doc.getDocumentElement().getNamespaceURI());
    layout.put("statements", String.valueOf(statements.size()));
    layout.put("accounts", String.join(", ", accounts));
    return out.summary(layout);
  }

  private void entry(Element ntry, int number, String account, String acctCcy, ReportCollector out) {
    Element amt = child(ntry, "Amt");
    String value = text(amt);
    if (value == null) {
      out.reject(number, "Amt", "the entry has no amount");
      return;
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(value);
    } catch (NumberFormatException e) {
      out.reject(number, "Amt", "cannot read \"" + clip(value) + "\" as an amount");
      return;
    }
    String ind = text(child(ntry, "CdtDbtInd"));
    if (!"CRDT".equals(ind) && !"DBIT".equals(ind)) {
      out.reject(number, "CdtDbtInd", "expected CRDT or DBIT, not \"" + clip(String.valueOf(ind)) + "\"");
      return;
    }
    boolean debit = "DBIT".equals(ind);
    if ("true".equalsIgnoreCase(text(child(ntry, "RvslInd")))) {
      debit = !debit;
    }
    amount = debit ? amount.abs().negate() : amount.abs();
    String code = amt.getAttribute("Ccy");
    if (code == null || code.isBlank()) {
      code = acctCcy != null ? acctCcy : currency;
    }
    Money money;
    try {
      money = new Money(amount, Currency.getInstance(code == null ? "" : code.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      out.reject(number, "Amt", "no valid currency (Ccy=\"" + clip(String.valueOf(code)) + "\"); set option currency");
      return;
    } catch (ArithmeticException e) {
      out.reject(number, "Amt", "more decimals than " + code + " allows");
      return;
    }
    LocalDate booking = date(child(ntry, "BookgDt"));
    LocalDate valueDate = date(child(ntry, "ValDt"));
    if (booking == null) {
      booking = valueDate;
    }
    if (booking == null) {
      out.reject(number, "BookgDt", "the entry has no readable booking or value date");
      return;
    }
    Element tx = path(ntry, "NtryDtls", "TxDtls");
    String payee = null;
    StringBuilder desc = new StringBuilder();
    String reference = text(child(ntry, "AcctSvcrRef"));
    if (tx != null) {
      Element parties = child(tx, "RltdPties");
      Element party = child(parties, debit ? "Cdtr" : "Dbtr");
      payee = text(child(party, "Nm"));
      if (payee == null) {
        payee = text(path(party, "Pty", "Nm"));
      }
      Element rmt = child(tx, "RmtInf");
      for (Element u : children(rmt, "Ustrd")) {
        if (desc.length() > 0) {
          desc.append(' ');
        }
        desc.append(text(u) == null ? "" : text(u));
      }
      if (reference == null) {
        String e2e = text(path(tx, "Refs", "EndToEndId"));
        reference = e2e == null || e2e.equals("NOTPROVIDED") ? null : e2e;
      }
    }
    String info = text(child(ntry, "AddtlNtryInf"));
    if (desc.length() == 0 && info != null) {
      desc.append(info);
    }
    String description = ReportCollector.collapse((payee != null && desc.indexOf(payee) < 0 ? payee + " " : "") + desc);
    out.accept(number, account, booking, valueDate, money, description, payee, reference, null, null);
  }

  private static LocalDate date(Element holder) {
    String d = text(child(holder, "Dt"));
    if (d == null) {
      d = text(child(holder, "DtTm"));
    }
    if (d == null || d.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(d.substring(0, 10));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Document parse(byte[] bytes, String source) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
          // not an error
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return b.parse(new java.io.ByteArrayInputStream(bytes));
    } catch (SAXParseException e) {
      throw new IngestException(source, Math.max(0, e.getLineNumber()), null, "not well-formed XML: "
          + e.getMessage(), e);
    } catch (SAXException e) {
      throw new IngestException(source, 0, null, "not well-formed XML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
    }
  }

  private static void collect(Element e, String local, List<Element> out) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        if (local.equals(c.getLocalName())) {
          out.add(c);
        } else {
          collect(c, local, out);
        }
      }
    }
  }

  private static Element child(Element e, String local) {
    if (e == null) {
      return null;
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && local.equals(c.getLocalName())) {
        return c;
      }
    }
    return null;
  }

  private static List<Element> children(Element e, String local) {
    List<Element> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && local.equals(c.getLocalName())) {
        out.add(c);
      }
    }
    return out;
  }

  private static Element path(Element e, String... locals) {
    Element cur = e;
    for (String l : locals) {
      cur = child(cur, l);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  private static String text(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getTextContent();
    return t == null || t.isBlank() ? null : t.strip();
  }

  private static String clip(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "…" : s;
  }

  @Override
  public String toString() {
    return "Camt053Ingestor";
  }
}
