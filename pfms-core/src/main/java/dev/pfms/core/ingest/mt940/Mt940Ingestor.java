package dev.pfms.core.ingest.mt940;

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
import java.io.IOException;
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

/**
 * Reads SWIFT MT940 statements (and MT942 interim reports): {@code :25:} account, {@code :60F:}/
 * {@code :60M:} currency, {@code :61:} statement lines and their {@code :86:} details. Structured
 * German details ({@code ?20}…{@code ?29} purpose, {@code ?32}/{@code ?33} counterparty) give the
 * description and payee. The booking date is the {@code :61:} entry date when present, else the
 * value date; a 30th of February (banks that count 30-day months) is read as the month's last day
 * with a warning; other impossible dates are located problems.
 * Immutable and thread-safe.
 */
public final class Mt940Ingestor implements Ingestor {

  private final String account;
  private final String currency;
  private final boolean strict;

  /**
   * Creates an ingestor.
   *
   * @param account the account when the file has no {@code :25:}, or null
   * @param currency the currency when the file has no opening balance, or null
   * @param strict whether one bad statement line fails the whole file
   */
  public Mt940Ingestor(String account, String currency, boolean strict) {
    this.account = account;
    this.currency = currency;
    this.strict = strict;
  }

  @Override
  public String format() {
    return "mt940";
  }

  @Override
  public int recognize(byte[] head, String name) {
    String s = new String(head, StandardCharsets.ISO_8859_1);
    boolean hasStatementLine = s.contains(":61:");
    boolean hasHeader = s.contains(":20:") || s.contains(":25:");
    boolean hasBalance = s.contains(":60F:") || s.contains(":60M:") || s.contains(":34F:");
    String n = name.toLowerCase(Locale.ROOT);
    boolean ext = n.endsWith(".sta") || n.endsWith(".940") || n.endsWith(".mt940") || n.endsWith(".942");
    if (hasHeader && (hasStatementLine || hasBalance)) {
      return ext ? 100 : 90;
    }
    String t = s.stripLeading();
    if (t.length() > 4 && t.charAt(0) == ':' && t.indexOf(':', 1) > 2 && t.indexOf(':', 1) <= 5
        && isTag(t.substring(1, t.indexOf(':', 1)))) {
      return ext ? 70 : 50; // a fragment: starts with a field tag
    }
    return hasHeader && ext ? 40 : 0;
  }

  /** One tag with its (possibly multi-line) value. */
  private record Field(String tag, String value, long line) {}

  @Override
  public IngestReport ingest(IngestSource source) {
    return Ingestor.collect(this, source);
  }

  @Override
  public IngestSummary ingest(IngestSource source, IngestSink sink) {
    byte[] bytes = Texts.readDocument(source, "a statement");
    Texts.Decoded decoded = Texts.decodeDocument(bytes);
    String text = decoded.text();
    List<Field> fields = fields(text);
    boolean any = false;
    for (Field f : fields) {
      if (f.tag.equals("61") || f.tag.equals("20") || f.tag.equals("25") || f.tag.startsWith("6")
          || f.tag.equals("86") || f.tag.equals("NS") || f.tag.equals("28") || f.tag.equals("28C")) {
        any = true;
        break;
      }
    }
    if (!any) {
      throw new IngestException(source.name(), 0, null, "no MT940 statement found (no :20:, :25: or :61: field)");
    }
    ReportCollector out = new ReportCollector(source.name(), format(), strict, sink);
    if (decoded.badLine() > 0) {
      out.warn(decoded.badLine(), null, "bytes that are not UTF-8 were replaced by \ufffd from this line on");
    }
    String acct = Accounts.choose(null, account, source.name());
    Currency ccy = currency == null ? null : Currency.getInstance(currency);
    Set<String> accounts = new LinkedHashSet<>();
    int statements = 0;
    for (int i = 0; i < fields.size() && !out.stopped(); i++) {
      Field f = fields.get(i);
      switch (f.tag) {
        case "20" -> statements++;
        case "25" -> {
          acct = Accounts.choose(f.value.strip(), account, source.name());
          accounts.add(acct);
        }
        case "60F", "60M", "34F", "62F", "62M" -> {
          Currency c = balanceCurrency(f.value);
          if (c != null) {
            ccy = c;
          }
        }
        case "61" -> {
          String details = i + 1 < fields.size() && fields.get(i + 1).tag.equals("86") ? fields.get(i + 1).value : null;
          for (Field g : new Field[] {f, details == null ? null : fields.get(i + 1)}) {
            int at = g == null ? -1 : g.value.indexOf(":61:");
            if (at >= 0 && at + 10 <= g.value.length() && allDigits(g.value, at + 4, at + 10)) {
              out.reject(g.line, ":61:", "a statement line (:61:) sits inside this :" + g.tag + ": field: the line "
                  + "break before it is missing, so it was not read");
            }
          }
          statementLine(f, details, acct, ccy, out);
        }
        default -> { }
      }
    }
    Map<String, String> layout = new LinkedHashMap<>();
    layout.put("statements", String.valueOf(statements));
    layout.put("accounts", String.join(", ", accounts));
    if (ccy != null) {
      layout.put("currency", ccy.getCurrencyCode());
    }
    return out.summary(layout);
  }

  private static List<Field> fields(String text) {
    List<Field> out = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    String tag = null;
    StringBuilder value = null;
    long start = 0;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int env = l.indexOf("{4:");
      if (env >= 0) {
        l = l.substring(env + 3);
      }
      if (l.startsWith("-}") || l.equals("-") || l.startsWith("{")) {
        if (tag != null) {
          out.add(new Field(tag, value.toString(), start));
          tag = null;
        }
        continue;
      }
      int close = l.length() > 3 && l.charAt(0) == ':' ? l.indexOf(':', 1) : -1;
      if (close > 1 && close <= 5 && isTag(l.substring(1, close))) {
        if (tag != null) {
          out.add(new Field(tag, value.toString(), start));
        }
        tag = l.substring(1, close);
        value = new StringBuilder(l.substring(close + 1));
        start = i + 1;
      } else if (tag != null) {
        value.append('\n').append(l);
      }
    }
    if (tag != null) {
      out.add(new Field(tag, value.toString(), start));
    }
    return out;
  }

  private static boolean isTag(String t) {
    if (t.length() < 2 || t.length() > 3) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(Character.isDigit(c) || i == 2 && Character.isLetter(c) || Character.isUpperCase(c))) {
        return false;
      }
    }
    return true;
  }

  private static Currency balanceCurrency(String v) {
    String s = v.strip();
    // D/C mark, YYMMDD, currency (":60F:C110522EUR3236,28"); MT942 :34F: is currency first
    for (int at : new int[] {7, 0, 1}) {
      if (s.length() >= at + 3) {
        String code = s.substring(at, at + 3);
        if (code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
          try {
            return Currency.getInstance(code);
          } catch (IllegalArgumentException e) {
            // try the next position
          }
        }
      }
    }
    return null;
  }

  private void statementLine(Field f, String details, String acct, Currency ccy, ReportCollector out) {
    String v = f.value;
    int nl = v.indexOf('\n');
    String first = (nl < 0 ? v : v.substring(0, nl)).strip();
    String supplementary = nl < 0 ? "" : v.substring(nl + 1).strip();
    if (first.length() < 17 && nl >= 0) {
      // a statement line wrapped before its amount (seen in Sparkasse exports)
      int nl2 = v.indexOf('\n', nl + 1);
      first = first + (nl2 < 0 ? v.substring(nl + 1) : v.substring(nl + 1, nl2)).strip();
      supplementary = nl2 < 0 ? "" : v.substring(nl2 + 1).strip();
    }
    int i = 0;
    if (first.length() < 6 || !allDigits(first, 0, 6)) {
      out.reject(f.line, ":61:", "the statement line does not start with a YYMMDD value date");
      return;
    }
    int yy = num(first, 0, 2);
    int mm = num(first, 2, 4);
    int dd = num(first, 4, 6);
    int year = yy < 80 ? 2000 + yy : 1900 + yy;
    i = 6;
    LocalDate valueDate;
    try {
      valueDate = bankDate(year, mm, dd);
    } catch (DateTimeException e) {
      out.reject(f.line, ":61:", "the value date " + first.substring(0, 6) + " is not a date: " + e.getMessage());
      return;
    }
    if (valueDate.getDayOfMonth() != dd) {
      out.warn(f.line, ":61:", "the value date " + first.substring(0, 6) + " is the 30th of February (banks that "
          + "count 30-day months write it): read as " + valueDate);
    }
    LocalDate booking = valueDate;
    if (first.length() >= 10 && allDigits(first, 6, 10)) {
      int em = num(first, 6, 8);
      int ed = num(first, 8, 10);
      int ey = year;
      if (em == 12 && mm == 1) {
        ey--;
      } else if (em == 1 && mm == 12) {
        ey++;
      }
      if (em == 0 && ed == 0) {
        booking = valueDate; // some banks write 0000: no entry date
      } else {
        try {
          booking = bankDate(ey, em, ed);
        } catch (DateTimeException e) {
          out.reject(f.line, ":61:", "the entry date " + first.substring(6, 10) + " is not a date: " + e.getMessage());
          return;
        }
      }
      i = 10;
    }
    int sign;
    if (first.startsWith("RC", i) || first.startsWith("RD", i)) {
      sign = first.charAt(i + 1) == 'C' ? -1 : 1;
      i += 2;
    } else if (i < first.length() && (first.charAt(i) == 'C' || first.charAt(i) == 'D')) {
      sign = first.charAt(i) == 'C' ? 1 : -1;
      i++;
    } else {
      out.reject(f.line, ":61:", "no debit/credit mark (C, D, RC or RD) after the dates");
      return;
    }
    if (i < first.length() && Character.isLetter(first.charAt(i))) {
      i++; // funds code
    }
    int amountStart = i;
    while (i < first.length() && (Character.isDigit(first.charAt(i)) || first.charAt(i) == ',')) {
      i++;
    }
    String amt = first.substring(amountStart, i);
    if (amt.isEmpty() || !Character.isDigit(amt.charAt(0)) || amt.indexOf(',') != amt.lastIndexOf(',')) {
      out.reject(f.line, ":61:", "cannot read the amount \"" + clip(amt) + "\"");
      return;
    }
    BigDecimal amount;
    try {
      amount = Amounts.parsePlain(amt, true);
    } catch (NumberFormatException e) {
      out.reject(f.line, ":61:", "cannot read the amount \"" + clip(amt) + "\": " + e.getMessage());
      return;
    }
    if (sign < 0) {
      amount = amount.negate();
    }
    if (ccy == null) {
      out.reject(f.line, ":61:", "no currency (no :60F: opening balance before this line); set option currency");
      return;
    }
    Money money;
    try {
      money = Amounts.money(amount, ccy);
    } catch (ArithmeticException e) {
      out.reject(f.line, ":61:", e.getMessage());
      return;
    }
    String rest = first.substring(i);
    String reference = null;
    if (rest.length() > 4) {
      String ref = rest.substring(4);
      int bank = ref.indexOf("//");
      String own = bank >= 0 ? ref.substring(0, bank) : ref;
      String bankRef = bank >= 0 ? ref.substring(bank + 2) : "";
      reference = !own.isBlank() && !own.strip().equals("NONREF") ? own.strip() : bankRef.isBlank() ? null
          : bankRef.strip();
    }
    String description;
    String payee = null;
    String cpAccount = null;
    String memo = null;
    if (details != null) {
      Details d = Details.parse(details);
      description = d.description();
      payee = d.name();
      cpAccount = d.account();
      memo = d.memo();
      if (reference == null && d.reference() != null) {
        reference = d.reference();
      }
    } else {
      description = ReportCollector.collapse(supplementary);
    }
    out.accept(f.line, acct, booking, valueDate, money, description, payee, cpAccount, memo, reference, null, null);
  }

  /**
   * A date as banks with 30-day months write it: the 30th of February (interest and fee
   * settlements) is the last day of February; every other impossible date (240231, 240431) is an
   * error.
   */
  private static LocalDate bankDate(int y, int m, int d) {
    if (m == 2 && d == 30) {
      return LocalDate.of(y, 2, 1).withDayOfMonth(LocalDate.of(y, 2, 1).lengthOfMonth());
    }
    return LocalDate.of(y, m, d);
  }

  private static boolean allDigits(String s, int from, int to) {
    if (s.length() < to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int num(String s, int from, int to) {
    return Integer.parseInt(s.substring(from, to));
  }

  private static String clip(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "…" : s;
  }

  @Override
  public String toString() {
    return "Mt940Ingestor";
  }
}
