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
      if (!f.tag.equals(DAMAGED)) {
        embeddedStatementLine(f, out);
      }
      if (!f.tag.equals("61") && !f.tag.equals("86") && !f.tag.equals(DAMAGED) && looksLikeStatementLine(f.value)) {
        out.reject(f.line, ":" + f.tag + ":", "this :" + f.tag + ": field holds what looks like a statement line (a date, "
            + "a debit/credit mark and an amount): is its tag a damaged :61:? It was not read as one");
      }
      switch (f.tag) {
        case "20" -> {
          statements++;
          ccy = currency == null ? null : Currency.getInstance(currency); // a statement states its own currency
        }
        case "25" -> {
          acct = Accounts.choose(f.value.strip(), account, source.name());
          accounts.add(acct);
        }
        case "60F", "60M", "34F", "62F", "62M" -> {
          Currency c = balanceCurrency(f.value);
          if (c != null) {
            ccy = c;
          } else if (f.tag.startsWith("60")) {
            // never keep the previous statement's currency for this one
            ccy = currency == null ? null : Currency.getInstance(currency);
            out.warn(f.line, ":" + f.tag + ":", "no ISO 4217 currency in the opening balance \"" + clip(f.value.strip())
                + "\": " + (ccy == null ? "the statement lines below it cannot be read" : "read as " + ccy
                + " (option currency)"));
          }
        }
        case "61" -> {
          String details = i + 1 < fields.size() && fields.get(i + 1).tag.equals("86") ? fields.get(i + 1).value : null;
          if (f.value.contains(":86:")) {
            out.reject(f.line, ":86:", "the details (:86:) sit inside this :61: statement line: the line break "
                + "before them is missing, so they were not read as details");
          }
          statementLine(f, details, acct, ccy, out);
        }
        case DAMAGED -> out.reject(f.line, f.value, "the field tag \"" + clip(f.value) + "\" is damaged (an MT940 "
            + "tag is :NN: or :NNa:), so this line was not read as that field"
            + (f.value.contains("61") ? ": a statement line may be missing here" : ""));
        default -> {
          if (!KNOWN_TAGS.contains(f.tag) && !IGNORED_TAGS.contains(f.tag)) {
            out.warn(f.line, ":" + f.tag + ":", "\":" + f.tag + ":\" is not an MT940 field (a damaged tag?): its text "
                + "was not read");
          }
        }
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

  /**
   * Rejects a statement line ({@code :61:} and a YYMMDD date) inside another field's value: the
   * line break before it was lost, so it is not read, and the problem names its line.
   */
  private static void embeddedStatementLine(Field f, ReportCollector out) {
    int at = f.value.indexOf(":61:");
    while (at >= 0) {
      if (allDigits(f.value, at + 4, at + 10)) {
        long line = f.line;
        for (int k = 0; k < at; k++) {
          line += f.value.charAt(k) == '\n' ? 1 : 0;
        }
        out.reject(line, ":61:", "a statement line (:61:) sits inside this :" + f.tag + ": field: the line break "
            + "before it is missing, so it was not read");
      }
      at = f.value.indexOf(":61:", at + 4);
    }
  }

  /** Whether a value starts as a {@code :61:} does: YYMMDD, an optional MMDD, then C, D, RC or RD and a digit. */
  private static boolean looksLikeStatementLine(String v) {
    if (!allDigits(v, 0, 6)) {
      return false;
    }
    int i = allDigits(v, 6, 10) ? 10 : 6;
    if (v.startsWith("R", i)) {
      i++;
    }
    if (i >= v.length() || v.charAt(i) != 'C' && v.charAt(i) != 'D') {
      return false;
    }
    i++;
    if (i < v.length() && Character.isLetter(v.charAt(i))) {
      i++;
    }
    return i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9';
  }

  /** The tag of a pseudo-field holding a line whose tag is damaged; its value is the damaged tag. */
  private static final String DAMAGED = "?";
  /** Field tags of MT940/MT942 statements (and the envelope's), read or knowingly skipped. */
  private static final Set<String> KNOWN_TAGS = Set.of("20", "21", "25", "28", "28C", "60F", "60M", "61", "62F",
      "62M", "64", "65", "86", "NS", "13", "13D", "34F", "90D", "90C");
  /** Lines that look like tags and are not fields of a statement: Rabobank's ":940:" header. */
  private static final Set<String> IGNORED_TAGS = Set.of("940");

  /**
   * Splits the text into fields. A continuation line is joined to the field above it, except when
   * it looks like a tag damaged in one character ({@code ;61:}, {@code :61;}, {@code 61:},
   * {@code :6x:}): then it becomes a {@link #DAMAGED} pseudo-field, so its text is neither lost nor
   * folded silently into the previous record. A timestamp wrapped at the colon of its time
   * ({@code ...T16} then {@code :26:37}) is a continuation, and a tag wrapped after its colon
   * ({@code :} then {@code 86:...}) is joined.
   */
  private static List<Field> fields(String text) {
    List<Field> out = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    String tag = null;
    StringBuilder value = null;
    long start = 0;
    String previous = "";
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int env = l.indexOf("{4:");
      if (env >= 0) {
        l = l.substring(env + 3);
      }
      String before = previous;
      previous = l;
      if (l.startsWith("-}") || l.equals("-") || l.length() >= 3 && l.charAt(0) == '{' && l.charAt(2) == ':'
          && l.charAt(1) >= '1' && l.charAt(1) <= '5') { // the end, or a SWIFT envelope block "{1:", "{2:"
        if (tag != null) {
          out.add(new Field(tag, value.toString(), start));
          tag = null;
        }
        continue;
      }
      if (tag != null && before.equals(":") && value.length() > 0 && value.charAt(value.length() - 1) == ':'
          && wrappedTag(l) > 0) {
        value.setLength(value.length() - 2); // the "\n:" of the wrapped tag
        l = ":" + l;
      }
      if (tag != null && before.equals(":") && value.length() >= 2 && value.charAt(value.length() - 1) == ':') {
        // a line that is only ':' and is no wrapped tag: a tag whose name was cut off by a line break
        value.setLength(value.length() - 2);
        out.add(new Field(tag, value.toString(), start));
        out.add(new Field(DAMAGED, ":\n" + (l.length() > 4 ? l.substring(0, 4) : l), i));
        tag = null;
      }
      int close = l.length() > 3 && l.charAt(0) == ':' ? l.indexOf(':', 1) : -1;
      boolean wrappedTime = tag != null && before.length() >= 3 && before.charAt(before.length() - 3) == 'T'
          && allDigits(before, before.length() - 2, before.length()) && close == 3 && l.length() >= 6
          && allDigits(l, 1, 3) && allDigits(l, 4, 6) && !KNOWN_TAGS.contains(l.substring(1, 3));
      if (close > 1 && close <= 5 && isTag(l.substring(1, close)) && !wrappedTime) {
        if (tag != null) {
          out.add(new Field(tag, value.toString(), start));
        }
        tag = l.substring(1, close);
        value = new StringBuilder(l.substring(close + 1));
        start = i + 1;
      } else if (tag != null && !wrappedTime && damagedTag(l) != null) {
        out.add(new Field(tag, value.toString(), start));
        out.add(new Field(DAMAGED, damagedTag(l), i + 1));
        tag = null;
      } else if (tag != null) {
        value.append('\n').append(l);
      }
    }
    if (tag != null) {
      out.add(new Field(tag, value.toString(), start));
    }
    return out;
  }

  /** The length of a known tag without its leading colon at the start of a line ("86:"), else 0. */
  private static int wrappedTag(String l) {
    int c = l.indexOf(':');
    return c >= 2 && c <= 3 && KNOWN_TAGS.contains(l.substring(0, c)) ? c : 0;
  }

  /**
   * The damaged tag at the start of a line, or null: a known tag whose opening colon is replaced
   * ({@code ;61:}) or missing ({@code 61:}), or a line that starts with a colon and is no tag
   * ({@code :61;}, {@code :6x:}, {@code ::1:}).
   */
  private static String damagedTag(String l) {
    if (l.length() < 3) {
      return null;
    }
    char c0 = l.charAt(0);
    if (c0 != ':' && l.length() > 4 && l.charAt(1) == ':') {
      int c = l.indexOf(':', 2);
      if (c >= 4 && c <= 5 && KNOWN_TAGS.contains(l.substring(2, c))) {
        return l.substring(0, c + 1); // "x:61:": a byte before the tag
      }
    }
    if (c0 != ':') {
      int c = l.indexOf(':', 1);
      if (c >= 3 && c <= 4 && KNOWN_TAGS.contains(l.substring(1, c))) {
        return l.substring(0, c + 1); // ";61:", "x86:", " 61:"
      }
      int w = wrappedTag(l);
      return w > 0 && Character.isDigit(c0) ? l.substring(0, w + 1) : null; // "61:"
    }
    // here the line is no valid tag (":61;", ":6x:", "::1:"): in SWIFT a line that starts with ':'
    // starts a field, so this is a damaged tag, not a continuation
    return l.substring(0, Math.min(l.length(), 5));
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
