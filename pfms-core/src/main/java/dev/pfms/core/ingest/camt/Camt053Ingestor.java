package dev.pfms.core.ingest.camt;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.Accounts;
import dev.pfms.core.ingest.internal.Amounts;
import dev.pfms.core.ingest.internal.ReportCollector;
import dev.pfms.core.ingest.internal.Texts;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
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
import dev.pfms.core.ingest.camt.XmlTree.Element;

/**
 * Reads ISO 20022 bank-to-customer cash management messages, any version: camt.053 statements,
 * camt.052 account reports and camt.054 debit/credit notifications. One transaction per entry
 * ({@code Ntry}); a batch entry whose {@code TxDtls} carry amounts that sum to the entry becomes one
 * transaction per {@code TxDtls}, each with its own parties and text. {@code CdtDbtInd} is the sign
 * authority (flipped by {@code RvslInd}; a negative amount is read by its indicator, with a warning);
 * the booking date is {@code BookgDt} (else {@code ValDt}); the counterparty is the creditor for money
 * out and the debtor for money in (name and account); the memo is the unstructured remittance
 * information, else {@code AddtlTxInf}, else {@code AddtlNtryInf}. Provenance and problems name
 * the XML line. DTDs and external entities are refused. Immutable and thread-safe.
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
    if (s.contains("BkToCstmrDbtCdtNtfctn") || s.contains("camt.054")) {
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
    Element root = XmlTree.parse(bytes, source.name());
    List<Element> statements = new ArrayList<>();
    root.collect("Stmt", statements);
    root.collect("Rpt", statements);
    root.collect("Ntfctn", statements);
    if (statements.isEmpty()) {
      throw new IngestException(source.name(), 0, null, "no <Stmt>, <Rpt> or <Ntfctn> element: this is not a "
          + "camt.053, camt.052 or camt.054 message");
    }
    statements.sort((a, b) -> Long.compare(a.line, b.line));
    ReportCollector out = new ReportCollector(source.name(), format(), strict, sink);
    Set<String> accounts = new LinkedHashSet<>();
    int entries = 0;
    int split = 0;
    for (Element st : statements) {
      Element acct = XmlTree.child(st, "Acct");
      String id = text(path(acct, "Id", "IBAN"));
      if (id == null) {
        id = text(path(acct, "Id", "Othr", "Id"));
      }
      String masked = Accounts.choose(id, account, source.name());
      accounts.add(masked);
      String acctCcy = text(XmlTree.child(acct, "Ccy"));
      for (Element ntry : XmlTree.children(st, "Ntry")) {
        if (out.stopped()) {
          break;
        }
        entries++;
        split += entry(ntry, masked, acctCcy, out);
      }
    }
    Map<String, String> layout = new LinkedHashMap<>();
    layout.put("message", root.namespace == null || root.namespace.isEmpty() ? "unknown" : root.namespace);
    layout.put("statements", String.valueOf(statements.size()));
    layout.put("entries", String.valueOf(entries));
    if (split > 0) {
      layout.put("batchEntriesSplit", String.valueOf(split));
    }
    layout.put("accounts", String.join(", ", accounts));
    return out.summary(layout);
  }

  /** Reads one entry; returns 1 when it was split into its transaction details. */
  private int entry(Element ntry, String account, String acctCcy, ReportCollector out) {
    long line = ntry.line;
    Element amt = XmlTree.child(ntry, "Amt");
    String value = text(amt);
    if (value == null) {
      out.reject(line, "Amt", "the entry has no amount");
      return 0;
    }
    BigDecimal amount;
    try {
      amount = Amounts.parsePlain(value, false);
    } catch (NumberFormatException e) {
      out.reject(amt.line, "Amt", "cannot read \"" + clip(value) + "\" as an amount: " + e.getMessage());
      return 0;
    }
    String ind = text(XmlTree.child(ntry, "CdtDbtInd"));
    if (!"CRDT".equals(ind) && !"DBIT".equals(ind)) {
      out.reject(line, "CdtDbtInd", "expected CRDT or DBIT, not \"" + clip(String.valueOf(ind)) + "\"");
      return 0;
    }
    boolean reversal = "true".equalsIgnoreCase(text(XmlTree.child(ntry, "RvslInd")));
    boolean debit = "DBIT".equals(ind) != reversal;
    if (amount.signum() < 0) {
      out.warn(amt.line, "Amt", "the amount " + clip(value) + " is written negative; CdtDbtInd " + ind
          + " decides the sign");
    }
    String code = amt.attribute("Ccy");
    if (code == null || code.isBlank()) {
      code = acctCcy != null ? acctCcy : currency;
    }
    Currency ccy;
    try {
      ccy = Currency.getInstance(code == null ? "" : code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      out.reject(amt.line, "Amt", "no valid currency (Ccy=\"" + clip(String.valueOf(code))
          + "\"); set option currency");
      return 0;
    }
    LocalDate booking;
    LocalDate valueDate;
    try {
      booking = date(XmlTree.child(ntry, "BookgDt"));
      valueDate = date(XmlTree.child(ntry, "ValDt"));
    } catch (DateTimeException e) {
      out.reject(line, "BookgDt", e.getMessage());
      return 0;
    }
    if (booking == null) {
      booking = valueDate;
    }
    if (booking == null) {
      out.reject(line, "BookgDt", "the entry has no booking or value date");
      return 0;
    }
    String entryRef = text(XmlTree.child(ntry, "AcctSvcrRef"));
    String entryInfo = text(XmlTree.child(ntry, "AddtlNtryInf"));
    List<Element> details = new ArrayList<>();
    for (Element nd : XmlTree.children(ntry, "NtryDtls")) {
      details.addAll(XmlTree.children(nd, "TxDtls"));
    }
    if (details.size() > 1) {
      List<BigDecimal> parts = new ArrayList<>();
      BigDecimal sum = BigDecimal.ZERO;
      for (Element tx : details) {
        BigDecimal part = detailAmount(tx, ccy.getCurrencyCode(), debit);
        if (part == null) {
          parts = null;
          break;
        }
        parts.add(part);
        sum = sum.add(part);
      }
      BigDecimal signedEntry = debit ? amount.abs().negate() : amount.abs();
      if (parts != null && sum.compareTo(signedEntry) == 0) {
        for (int k = 0; k < details.size(); k++) {
          Element tx = details.get(k);
          accept(tx.line, account, booking, valueDate, parts.get(k), ccy, tx, debit, entryRef, entryInfo, true, out);
        }
        return 1;
      }
      out.warn(line, "TxDtls", "the entry's " + details.size() + " transaction details "
          + (parts == null ? "do not all state their amount" : "sum to " + sum.toPlainString() + ", not "
          + signedEntry.toPlainString()) + ": read as one transaction with the first's parties");
    }
    BigDecimal signed = debit ? amount.abs().negate() : amount.abs();
    accept(line, account, booking, valueDate, signed, ccy, details.isEmpty() ? null : details.get(0), debit, entryRef,
        entryInfo, false, out);
    return 0;
  }

  /** The signed amount of one TxDtls in the entry's currency, or null when it states none. */
  private static BigDecimal detailAmount(Element tx, String entryCcy, boolean entryDebit) {
    Element a = path(tx, "AmtDtls", "TxAmt", "Amt");
    if (a == null) {
      a = XmlTree.child(tx, "Amt");
    }
    if (a == null || a.text() == null) {
      return null;
    }
    String c = a.attribute("Ccy");
    if (c != null && !c.strip().equalsIgnoreCase(entryCcy)) {
      return null;
    }
    BigDecimal v;
    try {
      v = Amounts.parsePlain(a.text(), false).abs();
    } catch (NumberFormatException e) {
      return null;
    }
    String ind = text(XmlTree.child(tx, "CdtDbtInd"));
    boolean debit = ind == null ? entryDebit : "DBIT".equals(ind);
    return debit ? v.negate() : v;
  }

  private void accept(long line, String account, LocalDate booking, LocalDate valueDate, BigDecimal amount,
      Currency ccy, Element tx, boolean entryDebit, String entryRef, String entryInfo, boolean split, ReportCollector out) {
    Money money;
    try {
      money = Amounts.money(amount, ccy);
    } catch (ArithmeticException e) {
      out.reject(line, "Amt", e.getMessage());
      return;
    }
    String payee = null;
    String cpAccount = null;
    StringBuilder ustrd = new StringBuilder();
    String txInfo = null;
    String reference = entryRef;
    if (tx != null) {
      String ind = text(XmlTree.child(tx, "CdtDbtInd"));
      boolean debit = ind == null ? entryDebit : "DBIT".equals(ind);
      Element parties = XmlTree.child(tx, "RltdPties");
      Element party = XmlTree.child(parties, debit ? "Cdtr" : "Dbtr");
      payee = text(XmlTree.child(party, "Nm"));
      if (payee == null) {
        payee = text(path(party, "Pty", "Nm"));
      }
      Element acct = XmlTree.child(parties, debit ? "CdtrAcct" : "DbtrAcct");
      cpAccount = text(path(acct, "Id", "IBAN"));
      if (cpAccount == null) {
        cpAccount = text(path(acct, "Id", "Othr", "Id"));
      }
      Element rmt = XmlTree.child(tx, "RmtInf");
      for (Element u : XmlTree.children(rmt, "Ustrd")) {
        String t = text(u);
        if (t != null) {
          if (ustrd.length() > 0) {
            ustrd.append(' ');
          }
          ustrd.append(t);
        }
      }
      if (ustrd.length() == 0) {
        for (Element strd : XmlTree.children(rmt, "Strd")) {
          String ref = text(path(strd, "CdtrRefInf", "Ref"));
          if (ref != null) {
            if (ustrd.length() > 0) {
              ustrd.append(' ');
            }
            ustrd.append(ref);
          }
        }
      }
      txInfo = text(XmlTree.child(tx, "AddtlTxInf"));
      String own = text(path(tx, "Refs", "AcctSvcrRef"));
      String e2e = text(path(tx, "Refs", "EndToEndId"));
      if (own != null && (reference == null || split)) {
        reference = own;
      }
      if (reference == null && e2e != null && !e2e.equals("NOTPROVIDED")) {
        reference = e2e;
      }
    }
    String memo = ustrd.length() > 0 ? ustrd.toString() : txInfo != null ? txInfo : entryInfo;
    String desc = memo == null ? "" : memo;
    String description = ReportCollector.collapse((payee != null && !desc.contains(payee) ? payee + " " : "") + desc);
    out.accept(line, account, booking, valueDate, money, description, payee, cpAccount, memo, reference, null, null);
  }

  private static LocalDate date(Element holder) {
    if (holder == null) {
      return null;
    }
    String d = text(XmlTree.child(holder, "Dt"));
    if (d == null) {
      d = text(XmlTree.child(holder, "DtTm"));
    }
    if (d == null) {
      return null;
    }
    if (d.length() < 10) {
      throw new DateTimeException("cannot read \"" + clip(d) + "\" as a date (yyyy-MM-dd)");
    }
    try {
      LocalDate v = LocalDate.parse(d.substring(0, 10));
      if (d.length() > 10 && d.charAt(10) != 'T' && d.charAt(10) != '+' && d.charAt(10) != '-' && d.charAt(10) != 'Z') {
        throw new DateTimeException("unexpected text after the date");
      }
      if (v.getYear() < 1900 || v.getYear() > 2199) {
        throw new DateTimeException("year " + v.getYear() + " is out of range"); // as Dates.parse for the other formats
      }
      return v;
    } catch (DateTimeException e) {
      throw new DateTimeException("cannot read \"" + clip(d) + "\" as a date (yyyy-MM-dd): " + e.getMessage());
    }
  }

  private static Element path(Element e, String... locals) {
    return XmlTree.path(e, locals);
  }

  private static String text(Element e) {
    return XmlTree.text(e);
  }

  private static String clip(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "…" : s;
  }

  @Override
  public String toString() {
    return "Camt053Ingestor";
  }
}
