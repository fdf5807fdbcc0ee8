package dev.pfms.core.ingest.qif;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.Accounts;
import dev.pfms.core.ingest.internal.Amounts;
import dev.pfms.core.ingest.internal.AmountFormat;
import dev.pfms.core.ingest.internal.Dates;
import dev.pfms.core.ingest.internal.ReportCollector;
import dev.pfms.core.ingest.internal.Texts;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Quicken Interchange Format files: {@code !Account} blocks name the account,
 * {@code !Type:Bank|Cash|CCard|Oth A|Oth L} sections hold records ended by {@code ^}. The date order
 * ({@code MM/dd} as Quicken US writes, or {@code dd/MM}) is decided from the whole file; the
 * apostrophe year form ({@code 6/12'15}) is read. QIF has no currency: option {@code currency}, else
 * XXX with a note. Immutable and thread-safe.
 */
public final class QifIngestor implements Ingestor {

  private final String account;
  private final String currency;
  private final boolean strict;
  private final Boolean dayFirst;

  /**
   * Creates an ingestor.
   *
   * @param account the account when the file has no {@code !Account} block, or null
   * @param currency the currency, or null
   * @param strict whether one bad record fails the whole file
   */
  public QifIngestor(String account, String currency, boolean strict) {
    this(account, currency, strict, null);
  }

  /**
   * Creates an ingestor with a fixed day/month order.
   *
   * @param account the account when the file has none, or null
   * @param currency the currency (QIF names none), or null
   * @param strict whether one bad record fails the whole file
   * @param dayFirst how to read numeric dates, or null to decide from the file
   */
  public QifIngestor(String account, String currency, boolean strict, Boolean dayFirst) {
    this.account = account;
    this.currency = currency;
    this.strict = strict;
    this.dayFirst = dayFirst;
  }

  @Override
  public String format() {
    return "qif";
  }

  @Override
  public int recognize(byte[] head, String name) {
    String s = new String(head, 0, Math.min(head.length, 2048), StandardCharsets.ISO_8859_1).stripLeading();
    if (!s.isEmpty() && s.charAt(0) == '\u00ef') {
      s = s.substring(Math.min(3, s.length()));
    }
    String u = s.toUpperCase(Locale.ROOT);
    boolean ext = name.toLowerCase(Locale.ROOT).endsWith(".qif");
    if (u.startsWith("!TYPE:") || u.startsWith("!ACCOUNT") || u.startsWith("!OPTION") || u.startsWith("!CLEAR")) {
      return ext ? 100 : 95;
    }
    return 0;
  }

  private record Rec(long line, Map<Character, String> fields, String tooLong) {}

  /** The longest field kept; a record with a longer one (e.g. 200k memo lines) is a located problem. */
  static final int MAX_FIELD_CHARS = 64 * 1024;

  @Override
  public IngestReport ingest(IngestSource source) {
    return Ingestor.collect(this, source);
  }

  @Override
  public IngestSummary ingest(IngestSource source, IngestSink sink) {
    byte[] bytes = Texts.readDocument(source, "a QIF file");
    Texts.Decoded decoded = Texts.decodeDocument(bytes);
    String text = decoded.text();
    String[] lines = text.split("\r\n|\r|\n", -1);
    List<Rec> records = new ArrayList<>();
    List<String> recordAccounts = new ArrayList<>();
    String currentAccount = null;
    boolean inAccountBlock = false;
    boolean sawHeader = false;
    boolean investment = false;
    Map<Character, StringBuilder> fields = null;
    String tooLong = null;
    long start = 0;
    List<long[]> missingEnd = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty()) {
        continue;
      }
      if (l.charAt(0) == '!') {
        String u = l.toUpperCase(Locale.ROOT);
        sawHeader = true;
        inAccountBlock = u.startsWith("!ACCOUNT");
        investment = u.startsWith("!TYPE:INVST");
        continue;
      }
      if (!sawHeader) {
        throw new IngestException(source.name(), i + 1, null, "a QIF file starts with a !Type: or !Account line");
      }
      char c = l.charAt(0);
      String v = l.substring(1);
      if (inAccountBlock) {
        if (c == 'N') {
          currentAccount = v;
        } else if (c == '^') {
          inAccountBlock = false;
        }
        continue;
      }
      if (c == '^') {
        if (fields != null) {
          records.add(new Rec(start, strings(fields), tooLong));
          recordAccounts.add(currentAccount);
        }
        fields = null;
        tooLong = null;
        continue;
      }
      if (fields == null) {
        fields = new LinkedHashMap<>();
        start = i + 1;
      }
      if (c == 'S' || c == 'E' || c == '$' || c == '%') {
        continue; // split lines belong to the record's total
      }
      final char code = investment && c == 'U' ? 'T' : c;
      if (code == 'D' && fields.containsKey('D')) {
        // a second date: the previous record's "^" is missing; keep both records and say so
        records.add(new Rec(start, strings(fields), tooLong));
        recordAccounts.add(currentAccount);
        missingEnd.add(new long[] {start, i + 1});
        fields = new LinkedHashMap<>();
        tooLong = null;
        start = i + 1;
      }
      StringBuilder have = fields.get(code);
      if (have == null) {
        fields.put(code, new StringBuilder(v));
      } else if (code == 'A' || code == 'M') {
        if (have.length() + 1 + v.length() > MAX_FIELD_CHARS) {
          tooLong = String.valueOf(code);
        } else {
          have.append(' ').append(v);
        }
      }
    }
    if (fields != null && !fields.isEmpty()) {
      records.add(new Rec(start, strings(fields), tooLong));
      recordAccounts.add(currentAccount);
    }
    if (!sawHeader) {
      throw new IngestException(source.name(), 0, null, "no !Type: header: this is not a QIF file");
    }
    List<String> dates = new ArrayList<>();
    List<String> amounts = new ArrayList<>();
    for (Rec r : records) {
      dates.add(qifDate(r.fields.getOrDefault('D', "")));
      amounts.add(r.fields.getOrDefault('T', ""));
    }
    Map<String, String> layout = new LinkedHashMap<>();
    List<String[]> warnings = new ArrayList<>();
    boolean dayFirst;
    Dates.Decision decision = Dates.decideOrder(dates, null, null, false);
    if (this.dayFirst != null) {
      dayFirst = this.dayFirst;
    } else if (decision == null) {
      dayFirst = false;
    } else {
      dayFirst = decision.dayFirst();
      if (!decision.certain()) {
        warnings.add(new String[] {"D", "no date has a part above 12: " + decision.evidence().replace(
            "by default", "as Quicken writes QIF") + "; set option day-first=" + !dayFirst + " if that is wrong"});
      } else if (decision.contradicting() > 0) {
        layout.put("note.1", decision.contradicting() + " date(s) contradict the " + (dayFirst ? "day-first"
            : "month-first") + " order of the others; each is reported on its line");
      }
    }
    char dec = AmountFormat.detectDecimal(amounts);
    AmountFormat fmt = AmountFormat.of(dec == ',' ? ',' : '.');
    Currency ccy = Currency.getInstance(currency != null ? currency : "XXX");
    if (currency == null) {
      warnings.add(new String[] {null, "QIF names no currency: amounts are read as XXX (unknown); set option "
          + "currency, e.g. currency=USD"});
    }
    layout.put("dayFirst", String.valueOf(dayFirst));
    layout.put("decimalSeparator", String.valueOf(fmt.decimal()));
    layout.put("currency", ccy.getCurrencyCode());
    ReportCollector out = new ReportCollector(source.name(), format(), strict, sink);
    for (String[] w : warnings) {
      out.warn(0, w[0], w[1]);
    }
    for (long[] m : missingEnd) {
      out.warn(m[1], "^", "the record from line " + m[0] + " has no \"^\" end: a new record starts here");
    }
    if (decoded.badLine() > 0) {
      out.warn(decoded.badLine(), null, "bytes that are not UTF-8 were replaced by \ufffd from this line on");
    }
    Map<String, String> masked = new LinkedHashMap<>();
    for (int k = 0; k < records.size() && !out.stopped(); k++) {
      Rec r = records.get(k);
      String acct = masked.computeIfAbsent(String.valueOf(recordAccounts.get(k)),
          a -> Accounts.choose(a.equals("null") ? null : a, account, source.name()));
      if (r.tooLong != null) {
        out.reject(r.line, r.tooLong, "the field is longer than " + MAX_FIELD_CHARS + " characters");
        continue;
      }
      String d = r.fields.get('D');
      if (d == null) {
        out.reject(r.line, "D", "the record has no date");
        continue;
      }
      LocalDate date;
      try {
        date = Dates.parse(qifDate(d), dayFirst);
      } catch (DateTimeException e) {
        out.reject(r.line, "D", "cannot read \"" + clip(d) + "\" as a date: " + e.getMessage());
        continue;
      }
      String t = r.fields.get('T');
      if (t == null) {
        out.reject(r.line, "T", "the record has no amount");
        continue;
      }
      BigDecimal amount;
      try {
        amount = fmt.parse(t);
      } catch (NumberFormatException e) {
        out.reject(r.line, "T", "cannot read \"" + clip(t) + "\" as an amount: " + e.getMessage());
        continue;
      }
      Money money;
      try {
        money = Amounts.money(amount, ccy);
      } catch (ArithmeticException e) {
        out.reject(r.line, "T", e.getMessage());
        continue;
      }
      String payee = r.fields.get('P');
      String memo = r.fields.get('M');
      String description = payee != null && memo != null ? payee + " " + memo : payee != null ? payee
          : memo != null ? memo : "";
      String cat = r.fields.get('L');
      Category category = cat != null && !cat.isBlank() && !cat.startsWith("[") ? Category.of(cat.strip()) : null;
      out.accept(r.line, acct, date, null, money, description, payee, null, memo, r.fields.get('N'), null, category);
    }
    layout.put("accounts", String.join(", ", masked.values()));
    return out.summary(layout);
  }

  private static Map<Character, String> strings(Map<Character, StringBuilder> fields) {
    Map<Character, String> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  /** Quicken writes {@code 6/12'15} and {@code 6/12' 5} for 2015 and 2005. */
  private static String qifDate(String d) {
    int q = d.indexOf('\'');
    if (q < 0) {
      return d.strip();
    }
    String year = d.substring(q + 1).strip();
    if (year.length() == 1) {
      year = "0" + year;
    }
    if (year.length() == 2) {
      year = "20" + year;
    }
    return d.substring(0, q).strip() + "/" + year;
  }

  private static String clip(String s) {
    String t = s.strip();
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }

  @Override
  public String toString() {
    return "QifIngestor";
  }
}
