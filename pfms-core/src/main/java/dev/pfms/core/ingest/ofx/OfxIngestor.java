package dev.pfms.core.ingest.ofx;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.Accounts;
import dev.pfms.core.ingest.internal.Amounts;
import dev.pfms.core.ingest.internal.AmountFormat;
import dev.pfms.core.ingest.internal.Dates;
import dev.pfms.core.ingest.internal.ReportCollector;
import dev.pfms.core.ingest.internal.Texts;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
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

/**
 * Reads OFX 1.x (SGML) and 2.x (XML) statements and Quicken's QFX: bank ({@code STMTRS}), credit
 * card ({@code CCSTMTRS}) and the cash of investment statements ({@code INVBANKTRAN}, and
 * {@code INCOME}, {@code INVEXPENSE}, {@code MARGININTEREST}, {@code RETOFCAP}), several accounts per
 * file; a statement nested inside another one is read once, as its own statement. Character
 * references ({@code &amp;#60;}) are decoded. Immutable and thread-safe.
 *
 * <p>The counterparty is {@code NAME}, the memo {@code MEMO}; the description is {@code NAME} and
 * {@code MEMO}; the reference is
 * {@code FITID} (or {@code CHECKNUM}). A sign-on or statement refused by the bank is an
 * {@link IngestException} with the bank's code and message; a transaction without a readable date
 * or amount is a located problem.
 */
public final class OfxIngestor implements Ingestor {

  private final String account;
  private final String currency;
  private final boolean strict;

  /**
   * Creates an ingestor.
   *
   * @param account the account when the file has none, or null
   * @param currency the currency when the file has none, or null
   * @param strict whether one bad transaction fails the whole file
   */
  public OfxIngestor(String account, String currency, boolean strict) {
    this.account = account;
    this.currency = currency;
    this.strict = strict;
  }

  @Override
  public String format() {
    return "ofx";
  }

  @Override
  public int recognize(byte[] head, String name) {
    String s = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
    String upper = s.toUpperCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT);
    boolean ext = n.endsWith(".ofx") || n.endsWith(".qfx");
    if (upper.contains("OFXHEADER") || upper.contains("<OFX>")) {
      return ext ? 100 : 95;
    }
    if (new String(head, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT).contains("<OFX>")) {
      return ext ? 95 : 90;
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
    Charset cs = charset(bytes);
    String text = new String(bytes, cs);
    OfxTree.Element ofx = OfxTree.parse(text, source.name());
    ReportCollector out = new ReportCollector(source.name(), format(), strict, sink);
    if (cs.equals(StandardCharsets.UTF_8) && text.indexOf('\ufffd') >= 0) {
      long bad = Texts.utf8Stats(bytes)[2];
      if (bad > 0) {
        out.warn(bad, null, "bytes that are not UTF-8 were replaced by \ufffd from this line on");
      }
    }
    Map<String, String> layout = new LinkedHashMap<>();
    layout.put("dialect", text.stripLeading().startsWith("<?xml") || text.contains("<?OFX") ? "OFX 2.x (XML)"
        : "OFX 1.x (SGML)");
    layout.put("charset", cs.name());

    for (OfxTree.Element sonrs : ofx.all("SONRS")) {
      refusedIfError(sonrs, source.name(), "sign-on");
    }
    List<OfxTree.Element> statements = new ArrayList<>();
    statements.addAll(ofx.all("STMTRS"));
    statements.addAll(ofx.all("CCSTMTRS"));
    statements.addAll(ofx.all("INVSTMTRS"));
    statements.sort((a, b) -> Long.compare(a.line, b.line));
    if (statements.isEmpty()) {
      for (String rs : List.of("STMTTRNRS", "CCSTMTTRNRS", "INVSTMTTRNRS")) {
        for (OfxTree.Element trnrs : ofx.all(rs)) {
          refusedIfError(trnrs, source.name(), "statement");
        }
      }
    }
    Set<String> accounts = new LinkedHashSet<>();
    Set<OfxTree.Element> inStatements = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    int skippedSecurities = 0;
    for (OfxTree.Element st : statements) {
      String cur = st.childText("CURDEF");
      Currency ccy = currencyOf(cur != null ? cur : currency, source.name(), st.line);
      String acct = st.path("BANKACCTFROM", "ACCTID");
      if (acct == null) {
        acct = st.path("CCACCTFROM", "ACCTID");
      }
      if (acct == null) {
        acct = st.path("INVACCTFROM", "ACCTID");
      }
      String masked = Accounts.choose(acct, account, source.name());
      accounts.add(masked);
      // every STMTTRN of this statement (not of one nested in it), wherever it sits: inside
      // BANKTRANLIST or INVBANKTRAN as the spec says, or elsewhere in a damaged file
      List<OfxTree.Element> trns = st.allOutside("STMTTRN", STATEMENTS);
      inStatements.addAll(trns);
      List<OfxTree.Element> cash = new ArrayList<>();
      OfxTree.Element inv = st.child("INVTRANLIST");
      if (inv != null) {
        for (OfxTree.Element c : inv.children) {
          if (CASH_INVESTMENT.contains(c.name)) {
            cash.add(c);
          } else if (!c.name.equals("INVBANKTRAN") && !c.name.equals("DTSTART") && !c.name.equals("DTEND")) {
            skippedSecurities++;
          }
        }
      }
      for (OfxTree.Element t : trns) {
        if (out.stopped()) {
          break;
        }
        OfxTree.Damage d = t.damageInside();
        if (d != null) {
          d.reported = true;
          out.reject(d.line, d.field, d.reason + ": the transaction at line " + t.line + " was not read");
          continue;
        }
        transaction(t, masked, ccy, out);
      }
      for (OfxTree.Element c : cash) {
        investmentCash(c, masked, ccy, out);
      }
    }
    for (OfxTree.Element t : ofx.all("STMTTRN")) {
      if (!inStatements.contains(t)) {
        out.reject(t.line, "STMTTRN", "this transaction sits in no statement (STMTRS, CCSTMTRS or INVSTMTRS): a tag "
            + "above it is damaged, so it was not read");
      }
    }
    misnamedTransactions(ofx, ofx, out);
    for (OfxTree.Damage d : ofx.damages) {
      if (!d.reported) {
        out.warn(d.line, d.field, d.reason);
      }
    }
    layout.put("statements", String.valueOf(statements.size()));
    layout.put("accounts", String.join(", ", accounts));
    if (skippedSecurities > 0) {
      layout.put("note.1", skippedSecurities + " security trades (buy, sell, reinvest, transfer) were not read: "
          + "they exchange cash for securities; income, expenses, margin interest and returns of capital were");
    }
    if (statements.isEmpty()) {
      layout.put("note.2", "the file holds no statement (no STMTRS, CCSTMTRS or INVSTMTRS)");
    }
    return out.summary(layout);
  }

  /**
   * Rejects every aggregate that holds a transaction's amount and date or id but is not a
   * {@code STMTTRN} ({@code <STMTXRN>}, or the list itself when the transaction's opening tag was
   * lost): its tag is damaged, and it is a located problem instead of a silent loss.
   */
  private static void misnamedTransactions(OfxTree.Element ofx, OfxTree.Element e, ReportCollector out) {
    for (OfxTree.Element c : e.children) {
      misnamedTransactions(ofx, c, out);
    }
    if (!e.name.equals("STMTTRN") && e.child("TRNAMT") != null
        && (e.child("DTPOSTED") != null || e.child("FITID") != null)) {
      // a misnamed STMTTRN starts the transaction; in a known aggregate (the list, when the tag lost
      // its '<') the transaction starts with its own first field
      long line = OfxTree.AGGREGATES.contains(e.name) ? Long.MAX_VALUE : e.line;
      for (String f : List.of("TRNTYPE", "DTPOSTED", "TRNAMT", "FITID")) {
        OfxTree.Element c = e.child(f);
        line = c == null || !OfxTree.AGGREGATES.contains(e.name) ? line : Math.min(line, c.line);
      }
      if (OfxTree.AGGREGATES.contains(e.name)) {
        // the damaged tag sits just before the first field: a stray end tag or damage there marks it
        long first = line;
        for (long l : ofx.strayEnds) {
          if (l <= first && first - l <= 2) {
            line = Math.min(line, l);
          }
        }
        for (OfxTree.Damage d : ofx.damages) {
          if (d.line <= first && first - d.line <= 2) {
            line = Math.min(line, d.line);
          }
        }
      }
      out.reject(line, "STMTTRN", "a transaction's fields (TRNAMT) sit in <" + e.name + "> (line " + e.line
          + "), not in a <STMTTRN>: a tag is damaged, so this transaction was not read");
    }
  }

  /** Statement aggregates: a statement nested in another owns its own transactions. */
  private static final Set<String> STATEMENTS = Set.of("STMTRS", "CCSTMTRS", "INVSTMTRS");
  /** Investment transactions that move cash without trading a security. */
  private static final Set<String> CASH_INVESTMENT = Set.of("INCOME", "INVEXPENSE", "MARGININTEREST", "RETOFCAP");

  /** Dividends, interest, fees: {@code INVTRAN} dates and memo, {@code TOTAL} amount. */
  private void investmentCash(OfxTree.Element c, String account, Currency ccy, ReportCollector out) {
    OfxTree.Element tran = c.child("INVTRAN");
    String dt = tran == null ? null : tran.childText("DTSETTLE");
    if (dt == null && tran != null) {
      dt = tran.childText("DTTRADE");
    }
    if (dt == null) {
      out.reject(c.line, "DTTRADE", "the " + c.name + " has no trade or settlement date");
      return;
    }
    LocalDate date;
    try {
      date = Dates.parse(dt, false);
    } catch (DateTimeException e) {
      out.reject(c.line, "DTTRADE", "cannot read \"" + clip(dt, 30) + "\" as a date: " + e.getMessage());
      return;
    }
    String total = c.childText("TOTAL");
    if (total == null) {
      out.reject(c.line, "TOTAL", "the " + c.name + " has no total");
      return;
    }
    BigDecimal amount;
    try {
      amount = AmountFormat.POINT.parse(total);
    } catch (NumberFormatException e) {
      out.reject(c.line, "TOTAL", "cannot read \"" + clip(total, 30) + "\" as an amount: " + e.getMessage());
      return;
    }
    if (c.name.equals("INVEXPENSE") || c.name.equals("MARGININTEREST")) {
      amount = amount.abs().negate(); // expenses and margin interest take cash out
    }
    Currency cur = ccy;
    String sym = c.path("CURRENCY", "CURSYM");
    if (sym != null) {
      try {
        cur = Currency.getInstance(sym.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        out.reject(c.line, "CURSYM", "'" + clip(sym, 10) + "' is not an ISO 4217 currency");
        return;
      }
    }
    if (cur == null) {
      out.reject(c.line, "CURDEF", "the statement names no currency; set option currency");
      return;
    }
    Money money;
    try {
      money = Amounts.money(amount, cur);
    } catch (ArithmeticException e) {
      out.reject(c.line, "TOTAL", e.getMessage());
      return;
    }
    String memo = tran == null ? null : tran.childText("MEMO");
    String kind = c.childText("INCOMETYPE");
    String what = switch (c.name) {
      case "INCOME" -> kind == null ? "INCOME" : "INCOME " + kind;
      case "INVEXPENSE" -> "EXPENSE";
      case "MARGININTEREST" -> "MARGIN INTEREST";
      default -> "RETURN OF CAPITAL";
    };
    String description = memo == null ? what : what + " " + memo;
    out.accept(c.line, account, date, null, money, description, null, null, memo,
        tran == null ? null : tran.childText("FITID"), null, null);
  }

  private static void refusedIfError(OfxTree.Element rs, String source, String what) {
    String code = rs.path("STATUS", "CODE");
    String severity = rs.path("STATUS", "SEVERITY");
    if (code != null && !code.equals("0") && "ERROR".equalsIgnoreCase(severity)) {
      String msg = rs.path("STATUS", "MESSAGE");
      throw new IngestException(source, rs.line, null, "the bank refused the " + what + " with code " + code
          + (msg != null ? " (" + clip(msg, 160) + ")" : "") + ": the file holds no transactions; export it again");
    }
  }

  private void transaction(OfxTree.Element t, String account, Currency ccy, ReportCollector out) {
    String dt = t.childText("DTPOSTED");
    if (dt == null) {
      out.reject(t.line, "DTPOSTED", "the transaction has no posting date");
      return;
    }
    LocalDate date;
    try {
      date = Dates.parse(dt, false);
    } catch (DateTimeException e) {
      out.reject(t.line, "DTPOSTED", "cannot read \"" + clip(dt, 30) + "\" as a date (yyyyMMdd…): " + e.getMessage());
      return;
    }
    String amt = t.childText("TRNAMT");
    if (amt == null) {
      out.reject(t.line, "TRNAMT", "the transaction has no amount");
      return;
    }
    BigDecimal amount;
    try {
      amount = (amt.indexOf(',') >= 0 && amt.indexOf('.') < 0 ? AmountFormat.COMMA : AmountFormat.POINT).parse(amt);
    } catch (NumberFormatException e) {
      out.reject(t.line, "TRNAMT", "cannot read \"" + clip(amt, 30) + "\" as an amount: " + e.getMessage());
      return;
    }
    if (ccy == null) {
      String sym = t.path("CURRENCY", "CURSYM");
      if (sym == null) {
        sym = t.path("ORIGCURRENCY", "CURSYM");
      }
      try {
        ccy = sym == null ? null : Currency.getInstance(sym.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        ccy = null;
      }
    }
    if (ccy == null) {
      out.reject(t.line, "CURDEF", "the statement names no currency; set option currency");
      return;
    }
    Money money;
    try {
      money = Amounts.money(amount, ccy);
    } catch (ArithmeticException e) {
      out.reject(t.line, "TRNAMT", e.getMessage());
      return;
    }
    String name = t.childText("NAME");
    if (name == null) {
      name = t.path("PAYEE", "NAME");
    }
    String memo = t.childText("MEMO");
    String description;
    if (name != null && memo != null && !memo.equalsIgnoreCase(name)) {
      description = memo.toUpperCase(Locale.ROOT).contains(name.toUpperCase(Locale.ROOT)) ? memo : name + " " + memo;
    } else {
      description = name != null ? name : memo != null ? memo : "";
    }
    String ref = t.childText("FITID");
    if (ref == null) {
      ref = t.childText("CHECKNUM");
    }
    LocalDate valueDate = null;
    String avail = t.childText("DTAVAIL");
    if (avail != null) {
      try {
        valueDate = Dates.parse(avail, false);
      } catch (DateTimeException e) {
        valueDate = null;
      }
    }
    String cpAccount = t.path("BANKACCTTO", "ACCTID");
    if (cpAccount == null) {
      cpAccount = t.path("CCACCTTO", "ACCTID");
    }
    out.accept(t.line, account, date, valueDate, money, description, name, cpAccount,
        memo != null && !memo.equalsIgnoreCase(name == null ? "" : name) ? memo : null, ref, null, null);
  }

  private static Currency currencyOf(String code, String source, long line) {
    if (code == null) {
      return null;
    }
    try {
      return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IngestException(source, line, "CURDEF", "'" + clip(code, 10) + "' is not an ISO 4217 currency");
    }
  }

  private static Charset charset(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1)
        .toUpperCase(Locale.ROOT);
    Texts.Detected det = Texts.detect(bytes);
    if (det.bomLength() > 0) {
      return det.charset();
    }
    if (head.contains("ENCODING=\"UTF-8\"") || head.contains("ENCODING:UTF-8") || head.contains("CHARSET:UTF-8")) {
      return StandardCharsets.UTF_8;
    }
    if (head.contains("CHARSET:1252") || head.contains("CHARSET:ISO-8859-1") || head.contains("CHARSET:8859-1")) {
      return Texts.isUtf8(bytes) ? StandardCharsets.UTF_8 : Texts.WINDOWS_1252;
    }
    return det.charset();
  }

  private static String clip(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }

  @Override
  public String toString() {
    return "OfxIngestor";
  }
}
