package dev.pfms.core.ingest.csv;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.AmountFormat;
import dev.pfms.core.ingest.internal.Dates;
import dev.pfms.core.ingest.internal.Texts;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Decides a CSV file's layout once, from its head: charset, delimiter, preamble, header, columns,
 * date order, decimal separator and sign convention. What a profile or an option says wins; what
 * cannot be decided is an {@link IngestException} saying what and how to fix it.
 */
final class CsvDetector {

  static final int HEAD_BYTES = 64 * 1024;
  private static final char[] DELIMITERS = {',', ';', '\t', '|'};
  private static final int MAX_PREAMBLE = 30;
  private static final int SAMPLE_ROWS = 1000;

  private static final Map<String, Integer> SIGN_WORDS = new HashMap<>();

  static {
    for (String w : List.of("debit", "dr", "d", "db", "soll", "s", "af", "withdrawal", "out", "-", "cargo", "debito",
        "débito", "débit", "payment", "sent", "outgoing", "expense", "charge")) {
      SIGN_WORDS.put(w, -1);
    }
    for (String w : List.of("credit", "cr", "c", "haben", "h", "bij", "deposit", "in", "+", "abono", "credito",
        "crédito", "crédit", "received", "incoming", "income", "refund")) {
      SIGN_WORDS.put(w, 1);
    }
  }

  /** Options that steer detection. */
  record Options(String account, String currency, Boolean dayFirst, Character decimal, boolean matchShipped) {}

  private CsvDetector() {}

  static Plan plan(byte[] head, String source, CsvProfile profile, Options opt) {
    Plan p = new Plan();
    p.profileName = profile.header() != null || profile.columns() != null || profile.negate() != null
        ? profile.name() : null;
    Texts.Detected det = Texts.detect(head);
    if (profile.charset() != null) {
      try {
        p.charset = Charset.forName(profile.charset());
      } catch (RuntimeException e) {
        throw new IngestException(source, 0, null, "profile '" + profile.name() + "' names an unknown charset '"
            + profile.charset() + "'");
      }
      p.bomLength = p.charset.equals(StandardCharsets.UTF_8) ? det.bomLength() : 0;
    } else {
      p.charset = det.charset();
      p.bomLength = det.bomLength();
    }
    String text = new String(head, p.bomLength, head.length - p.bomLength, p.charset);
    if (head.length >= HEAD_BYTES) {
      int cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      if (cut > 0) {
        text = text.substring(0, cut);
      }
    }
    if (text.isBlank()) {
      throw new IngestException(source, 0, null, "the file is empty: no header and no rows");
    }
    if (text.indexOf('\0') >= 0) {
      throw new IngestException(source, 0, null, "this is not a text file (it contains NUL bytes); is it a CSV export?");
    }

    List<List<String>> records;
    if (profile.delimiter() != null) {
      p.delimiter = profile.delimiter().charAt(0);
      records = parse(text, p.delimiter);
      if (records == null) {
        throw new IngestException(source, 0, null, "cannot split the file with the profile's delimiter '"
            + profile.delimiter() + "' (unbalanced quotes?)");
      }
    } else {
      records = null;
      double best = -1;
      for (char d : DELIMITERS) {
        List<List<String>> r = parse(text, d);
        if (r == null || r.isEmpty()) {
          continue;
        }
        double score = delimiterScore(r);
        if (score > best) {
          best = score;
          records = r;
          p.delimiter = d;
        }
      }
      if (records == null || best <= 0) {
        throw new IngestException(source, 0, null, "cannot find the field delimiter: no line splits into two or "
            + "more fields on ',', ';', tab or '|' consistently; use a profile with \"delimiter\"");
      }
    }
    int width = modeWidth(records);
    p.width = width;

    // preamble and header
    if (profile.skipRows() != null) {
      p.skipRows = profile.skipRows();
    } else {
      p.skipRows = 0;
      for (int i = 0; i < Math.min(MAX_PREAMBLE, records.size()); i++) {
        if (records.get(i).size() == width && nonEmpty(records.get(i)) >= Math.min(2, width)) {
          p.skipRows = i;
          break;
        }
      }
    }
    if (p.skipRows >= records.size()) {
      throw new IngestException(source, 0, null, "no header or data row found in the first " + records.size()
          + " lines");
    }
    List<String> first = records.get(p.skipRows);
    p.hasHeader = profile.hasHeader() != null ? profile.hasHeader() : looksLikeHeader(first);
    if (p.hasHeader) {
      p.headerCells = List.copyOf(first);
      if (opt.matchShipped() && p.profileName == null) {
        Optional<CsvProfile> shipped = CsvProfile.matchShipped(first);
        if (shipped.isPresent()) {
          Plan q = plan(head, source, shipped.get(), new Options(opt.account(), opt.currency(), opt.dayFirst(),
              opt.decimal(), false));
          q.notes.add("matched the shipped profile '" + shipped.get().name() + "' by its header");
          return q;
        }
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = p.skipRows + (p.hasHeader ? 1 : 0); i < records.size() && rows.size() < SAMPLE_ROWS; i++) {
      List<String> r = records.get(i);
      if (nonEmpty(r) == 0 || p.hasHeader && sameCells(r, p.headerCells)) {
        continue;
      }
      rows.add(r);
    }
    if (rows.isEmpty()) {
      throw new IngestException(source, 0, null, p.hasHeader ? "the file has a header but no data rows"
          : "the file has no data rows");
    }

    mapColumns(p, profile.columnsOrNone(), rows, source);
    decideDates(p, profile, opt, rows, source);
    decideAmounts(p, profile, opt, rows, source);
    decideType(p, rows);
    decideCurrency(p, profile, opt, rows, source);
    p.configuredAccount = opt.account() != null ? opt.account() : profile.account();
    p.negate = Boolean.TRUE.equals(profile.negate());
    if (!p.negate && p.amount >= 0 && p.type < 0) {
      boolean anyNegative = false;
      int count = 0;
      for (List<String> r : rows) {
        String v = cell(r, p.amount);
        if (!v.isBlank()) {
          count++;
          String t = v.strip();
          if (t.startsWith("-") || t.startsWith("(") || t.endsWith("-") || t.startsWith("\u2212")
              || t.toUpperCase(Locale.ROOT).endsWith("DR")) {
            anyNegative = true;
            break;
          }
        }
      }
      if (!anyNegative && count > 0) {
        p.notes.add("every amount in the sample is positive: if this export shows money out as positive "
            + "(card statements often do), read it with a profile that sets \"negate\": true");
      }
    }
    return p;
  }

  // ---------------------------------------------------------------- delimiter and header

  static List<List<String>> parse(String text, char delimiter) {
    CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(false).get();
    List<List<String>> out = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), f)) {
      for (CSVRecord r : parser) {
        out.add(r.toList());
      }
    } catch (IOException | RuntimeException e) {
      return out.size() >= 2 ? out : null;
    }
    return out;
  }

  private static double delimiterScore(List<List<String>> records) {
    int width = modeWidth(records);
    if (width < 2) {
      return 0;
    }
    int same = 0;
    for (List<String> r : records) {
      if (r.size() == width) {
        same++;
      }
    }
    // consistency first, then more fields
    return (double) same / records.size() + width / 1000.0;
  }

  private static int modeWidth(List<List<String>> records) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (List<String> r : records) {
      if (r.size() >= 2) {
        counts.merge(r.size(), 1, Integer::sum);
      }
    }
    int best = 1;
    int bestCount = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() > best) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  private static boolean looksLikeHeader(List<String> cells) {
    int letters = 0;
    for (String c : cells) {
      String v = c.strip();
      if (v.isEmpty()) {
        continue;
      }
      if (Dates.looksLikeDate(v) || isPlainNumber(v)) {
        return false;
      }
      if (v.chars().anyMatch(Character::isLetter)) {
        letters++;
      }
    }
    return letters > 0;
  }

  private static boolean isPlainNumber(String v) {
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isDigit(c)) {
        digit = true;
      } else if (".,-+() $\u20ac\u00a3'".indexOf(c) < 0) {
        return false;
      }
    }
    return digit;
  }

  private static boolean isNumber(String v) {
    try {
      AmountFormat.POINT.parse(v);
      return true;
    } catch (NumberFormatException e) {
      try {
        AmountFormat.COMMA.parse(v);
        return true;
      } catch (NumberFormatException e2) {
        return false;
      }
    }
  }

  static boolean sameCells(List<String> r, List<String> header) {
    if (r.size() != header.size()) {
      return false;
    }
    for (int i = 0; i < r.size(); i++) {
      if (!r.get(i).strip().equalsIgnoreCase(header.get(i).strip())) {
        return false;
      }
    }
    return true;
  }

  private static int nonEmpty(List<String> r) {
    int n = 0;
    for (String c : r) {
      if (!c.isBlank()) {
        n++;
      }
    }
    return n;
  }

  static String cell(List<String> r, int i) {
    return i >= 0 && i < r.size() ? r.get(i) : "";
  }

  // ---------------------------------------------------------------- columns

  private static void mapColumns(Plan p, CsvProfile.Columns given, List<List<String>> rows, String source) {
    List<String> norm = new ArrayList<>();
    for (String h : p.headerCells) {
      norm.add(HeaderNames.normalize(h));
    }
    Set<Integer> used = new HashSet<>();
    p.date = column(p, given.date(), "date", norm, used, rows, source);
    if (p.date >= 0 && !mostly(rows, p.date, Dates::looksLikeDate)) {
      if (given.date() != null) {
        throw new IngestException(source, 0, "date", "the profile's date column '" + given.date()
            + "' does not hold dates");
      }
      used.remove(p.date);
      p.date = -1;
    }
    if (p.date < 0) {
      p.date = firstColumn(p, rows, used, Dates::looksLikeDate);
      if (p.date < 0) {
        throw new IngestException(source, 0, "date", "no column holds dates"
            + (p.hasHeader ? " (header: " + String.join(", ", p.headerCells) + ")" : "")
            + "; use a profile that names the date column");
      }
      used.add(p.date);
      if (p.hasHeader) {
        p.notes.add("date column '" + p.columnName(p.date) + "' chosen by its content, not its name");
      }
    }
    p.valueDate = column(p, given.valueDate(), "valueDate", norm, used, rows, source);
    if (p.valueDate >= 0 && !mostly(rows, p.valueDate, Dates::looksLikeDate)) {
      used.remove(p.valueDate);
      p.valueDate = -1;
    }
    p.debit = column(p, given.debit(), "debit", norm, used, rows, source);
    p.credit = column(p, given.credit(), "credit", norm, used, rows, source);
    p.amount = column(p, given.amount(), "amount", norm, used, rows, source);
    if (p.debit >= 0 != p.credit >= 0) {
      // a lone "debit" or "credit" header is an amount column with a hint, not a pair
      int lone = Math.max(p.debit, p.credit);
      if (p.amount < 0) {
        p.amount = lone;
      } else {
        used.remove(lone);
      }
      p.debit = -1;
      p.credit = -1;
    }
    if (p.debit >= 0 && p.amount >= 0 && given.amount() == null) {
      used.remove(p.amount);
      p.amount = -1;
    }
    if (p.amount < 0 && p.debit < 0) {
      p.amount = firstColumn(p, rows, used, CsvDetector::isNumber);
      if (p.amount < 0) {
        throw new IngestException(source, 0, "amount", "no column holds amounts"
            + (p.hasHeader ? " (header: " + String.join(", ", p.headerCells) + ")" : "")
            + "; use a profile that names the amount column, or the debit and credit columns");
      }
      used.add(p.amount);
      p.notes.add("amount column '" + p.columnName(p.amount) + "' chosen by its content"
          + (p.hasHeader ? ", not its name" : "") + "; check it, and save a profile if it is right");
    }
    p.balance = column(p, given.balance(), "balance", norm, used, rows, source);
    if (!p.hasHeader && p.balance < 0) {
      int b = firstColumn(p, rows, used, CsvDetector::isNumber);
      if (b >= 0) {
        p.balance = b;
        used.add(b);
        p.notes.add("no header: column " + p.columnName(b) + " read as the running balance");
      }
    }
    p.type = column(p, given.type(), "type", norm, used, rows, source);
    p.payee = column(p, given.payee(), "payee", norm, used, rows, source);
    p.reference = column(p, given.reference(), "reference", norm, used, rows, source);
    p.currency = column(p, given.currency(), "currency", norm, used, rows, source);
    p.account = column(p, given.account(), "account", norm, used, rows, source);
    p.category = column(p, given.category(), "category", norm, used, rows, source);
    // description
    List<Integer> desc = new ArrayList<>();
    if (given.description() != null) {
      for (String name : given.description()) {
        desc.add(resolve(p, name, norm, source, "description"));
      }
    } else {
      int d = column(p, null, "description", norm, used, rows, source);
      if (d >= 0) {
        desc.add(d);
        for (int i = 0; i < norm.size(); i++) {
          if (i != d && !used.contains(i) && HeaderNames.isDescriptionContinuation(norm.get(i))) {
            desc.add(i);
            used.add(i);
          }
        }
      } else if (p.payee < 0) {
        int best = -1;
        double bestLen = 0;
        for (int i = 0; i < p.width; i++) {
          if (used.contains(i)) {
            continue;
          }
          double len = 0;
          int textual = 0;
          for (List<String> r : rows) {
            String v = cell(r, i);
            len += v.length();
            if (v.chars().anyMatch(Character::isLetter)) {
              textual++;
            }
          }
          if (textual * 2 >= rows.size() && len / rows.size() > bestLen) {
            best = i;
            bestLen = len / rows.size();
          }
        }
        if (best >= 0) {
          desc.add(best);
          used.add(best);
          p.notes.add("description column '" + p.columnName(best) + "' chosen as the longest text column");
        }
      }
    }
    p.description = desc.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The column for a field: as the profile names it, else by header synonyms, else -1. */
  private static int column(Plan p, String given, String field, List<String> norm, Set<Integer> used,
      List<List<String>> rows, String source) {
    if (given != null) {
      int i = resolve(p, given, norm, source, field);
      used.add(i);
      return i;
    }
    if (!p.hasHeader) {
      return -1;
    }
    int fallback = -1;
    for (String syn : HeaderNames.FIELDS.get(field)) {
      for (int i = 0; i < norm.size(); i++) {
        if (!used.contains(i) && norm.get(i).equals(syn)) {
          boolean hasValues = false;
          for (List<String> r : rows) {
            if (!cell(r, i).isBlank()) {
              hasValues = true;
              break;
            }
          }
          if (hasValues) {
            used.add(i);
            return i;
          }
          if (fallback < 0) {
            fallback = i;
          }
        }
      }
    }
    if (fallback >= 0 && !field.equals("reference") && !field.equals("payee")) {
      used.add(fallback);
    } else {
      fallback = -1;
    }
    return fallback;
  }

  private static int resolve(Plan p, String name, List<String> norm, String source, String field) {
    if (name.startsWith("#")) {
      try {
        int i = Integer.parseInt(name.substring(1)) - 1;
        if (i >= 0) {
          return i;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    for (int i = 0; i < p.headerCells.size(); i++) {
      if (p.headerCells.get(i).strip().equalsIgnoreCase(name.strip())) {
        return i;
      }
    }
    String n = HeaderNames.normalize(name);
    for (int i = 0; i < norm.size(); i++) {
      if (norm.get(i).equals(n)) {
        return i;
      }
    }
    throw new IngestException(source, 0, field, "the profile names column '" + name + "', which is not in the "
        + "header (" + String.join(", ", p.headerCells) + ")");
  }

  private interface Test {
    boolean test(String v);
  }

  private static boolean mostly(List<List<String>> rows, int col, Test t) {
    int ok = 0;
    int filled = 0;
    for (List<String> r : rows) {
      String v = cell(r, col).strip();
      if (!v.isEmpty()) {
        filled++;
        if (t.test(v)) {
          ok++;
        }
      }
    }
    return filled > 0 && ok * 2 >= filled;
  }

  private static int firstColumn(Plan p, List<List<String>> rows, Set<Integer> used, Test t) {
    for (int i = 0; i < p.width; i++) {
      if (used.contains(i)) {
        continue;
      }
      int ok = 0;
      int filled = 0;
      for (List<String> r : rows) {
        String v = cell(r, i).strip();
        if (!v.isEmpty()) {
          filled++;
          if (t.test(v)) {
            ok++;
          }
        }
      }
      if (filled > 0 && ok * 10 >= filled * 8) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- dates, amounts, signs

  private static void decideDates(Plan p, CsvProfile profile, Options opt, List<List<String>> rows, String source) {
    List<String> values = new ArrayList<>();
    for (List<String> r : rows) {
      values.add(cell(r, p.date));
      if (p.valueDate >= 0) {
        values.add(cell(r, p.valueDate));
      }
    }
    Boolean forced = opt.dayFirst() != null ? opt.dayFirst() : profile.dayFirst();
    Dates.Order order = Dates.detectDayFirst(values);
    switch (order) {
      case DAY_FIRST -> p.dayFirst = true;
      case MONTH_FIRST -> p.dayFirst = false;
      case NOT_NEEDED -> p.dayFirst = forced != null && forced;
      case DOTTED -> {
        p.dayFirst = forced == null || forced;
        if (forced == null) {
          p.notes.add("dates such as \"" + firstNonBlank(values) + "\" are dotted: read day-first (dd.MM), as no "
              + "locale writes MM.dd; set option dayFirst=false if this file does");
        }
      }
      case CONTRADICTORY -> {
        if (forced == null) {
          throw new IngestException(source, 0, p.columnName(p.date), "the dates mix day-first and month-first "
              + "values (some have a first part above 12, others a second part above 12); set option dayFirst, "
              + "or use a profile");
        }
        p.dayFirst = forced;
      }
      case AMBIGUOUS -> {
        if (forced == null) {
          throw new IngestException(source, 0, p.columnName(p.date), "cannot tell whether dates such as \""
              + firstNonBlank(values) + "\" are day/month or month/day: no value in the first " + rows.size()
              + " rows has a part above 12; set option dayFirst=true (dd/MM) or dayFirst=false (MM/dd), or "
              + "use a profile with \"dayFirst\"");
        }
        p.dayFirst = forced;
        p.notes.add("dates are ambiguous in the sample; read " + (forced ? "day-first" : "month-first")
            + " as configured");
      }
      default -> throw new IllegalStateException(order.toString());
    }
    if (forced != null && forced != p.dayFirst && (order == Dates.Order.DAY_FIRST || order == Dates.Order.MONTH_FIRST)) {
      throw new IngestException(source, 0, p.columnName(p.date), "the dates are " + (p.dayFirst ? "day-first"
          : "month-first") + " (a value has a part above 12), but dayFirst=" + forced + " was configured");
    }
    p.dateFormat = Dates.describe(firstNonBlank(values), p.dayFirst);
  }

  private static String firstNonBlank(List<String> values) {
    for (String v : values) {
      if (!v.isBlank()) {
        return v.strip();
      }
    }
    return "";
  }

  private static void decideAmounts(Plan p, CsvProfile profile, Options opt, List<List<String>> rows,
      String source) {
    Character forced = opt.decimal() != null ? opt.decimal()
        : profile.decimalSeparator() != null ? profile.decimalSeparator().charAt(0) : null;
    if (forced != null) {
      p.amountFormat = AmountFormat.of(forced);
      return;
    }
    List<String> values = new ArrayList<>();
    for (List<String> r : rows) {
      for (int c : new int[] {p.amount, p.debit, p.credit, p.balance}) {
        if (c >= 0) {
          values.add(cell(r, c));
        }
      }
    }
    char d = AmountFormat.detectDecimal(values);
    if (d == '?') {
      throw new IngestException(source, 0, p.columnName(p.amount >= 0 ? p.amount : p.debit), "the amounts use "
          + "both '.' and ',' as decimal separator; set option decimal, or use a profile with "
          + "\"decimalSeparator\"");
    }
    if (d == 0) {
      boolean anySeparator = false;
      for (String v : values) {
        if (v.indexOf('.') >= 0 || v.indexOf(',') >= 0) {
          anySeparator = true;
          break;
        }
      }
      if (anySeparator) {
        throw new IngestException(source, 0, p.columnName(p.amount >= 0 ? p.amount : p.debit), "cannot tell "
            + "whether amounts such as \"" + firstWithSeparator(values) + "\" use '.' or ',' for decimals (every "
            + "separator is followed by three digits); set option decimal, or use a profile with "
            + "\"decimalSeparator\"");
      }
      d = p.delimiter == ',' ? '.' : (p.delimiter == ';' ? ',' : '.');
    }
    p.amountFormat = AmountFormat.of(d);
  }

  private static String firstWithSeparator(List<String> values) {
    for (String v : values) {
      if (v.indexOf('.') >= 0 || v.indexOf(',') >= 0) {
        return v.strip();
      }
    }
    return "";
  }

  private static void decideType(Plan p, List<List<String>> rows) {
    if (p.type < 0) {
      return;
    }
    for (List<String> r : rows) {
      String v = cell(r, p.type).strip().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      Integer s = SIGN_WORDS.get(v);
      if (s == null || p.amount < 0) {
        p.type = -1; // not a debit/credit indicator (e.g. "ATM", "CHECK")
        return;
      }
    }
    p.typeSigns = Map.copyOf(SIGN_WORDS);
  }

  private static void decideCurrency(Plan p, CsvProfile profile, Options opt, List<List<String>> rows,
      String source) {
    String code = opt.currency() != null ? opt.currency() : profile.currency();
    if (p.currency >= 0) {
      boolean codes = true;
      for (List<String> r : rows) {
        String v = cell(r, p.currency).strip();
        if (!v.isEmpty() && !(v.length() == 3 && v.chars().allMatch(Character::isLetter))) {
          codes = false;
          break;
        }
      }
      if (!codes) {
        p.currency = -1;
      }
    }
    if (code != null) {
      p.defaultCurrency = currency(code, source);
      return;
    }
    if (p.currency >= 0) {
      p.defaultCurrency = null;
      return;
    }
    boolean euro = false;
    boolean pound = false;
    boolean dollar = false;
    for (List<String> r : rows) {
      for (int c : new int[] {p.amount, p.debit, p.credit}) {
        String v = cell(r, c);
        euro |= v.indexOf('\u20ac') >= 0;
        pound |= v.indexOf('\u00a3') >= 0;
        dollar |= v.indexOf('$') >= 0;
      }
    }
    if (euro && !pound && !dollar) {
      p.defaultCurrency = Currency.getInstance("EUR");
    } else if (pound && !euro && !dollar) {
      p.defaultCurrency = Currency.getInstance("GBP");
    } else if (dollar && !euro && !pound) {
      p.defaultCurrency = Currency.getInstance("USD");
      p.notes.add("amounts carry '$': read as USD; set option currency if they are another dollar");
    } else {
      p.defaultCurrency = Currency.getInstance("XXX");
      p.notes.add("the file names no currency: amounts are in XXX (unknown); set option currency");
    }
  }

  static Currency currency(String code, String source) {
    try {
      return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IngestException(source, 0, "currency", "'" + code + "' is not an ISO 4217 currency code");
    }
  }
}
