package dev.pfms.core.ingest.csv;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.AmountFormat;
import dev.pfms.core.ingest.internal.Dates;
import dev.pfms.core.ingest.internal.Texts;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
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
    decideAmounts(p, profile, opt, rows, source);
    ownAccountsByBalance(p, rows);
    decideDates(p, profile, opt, rows, source);
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
    p.from = column(p, null, "from", norm, used, rows, source);
    p.to = column(p, null, "to", norm, used, rows, source);
    if (p.from >= 0 != p.to >= 0) {
      // a lone "From" or "To" is the counterparty column
      int lone = Math.max(p.from, p.to);
      if (p.payee < 0) {
        p.payee = lone;
      } else {
        used.remove(lone);
      }
      p.from = -1;
      p.to = -1;
    }
    p.counterpartyAccount = column(p, null, "counterpartyAccount", norm, used, rows, source);
    if (p.account >= 0 && p.counterpartyAccount < 0 && given.account() == null && distinct(rows, p.account) > 3
        && distinct(rows, p.account) * 4 > rows.size()) {
      // an own-account column holds one or a few values; one that changes row by row is the other party's
      p.counterpartyAccount = p.account;
      p.account = -1;
      p.accountVaried = true;
      p.notes.add("column '" + p.columnName(p.counterpartyAccount) + "' varies row by row: read as the counterparty's "
          + "account, not the statement's");
    }
    if (p.currency < 0 && given.currency() == null) {
      int c = firstColumn(p, rows, used, CsvDetector::isCurrencyCode);
      if (c >= 0) {
        p.currency = c;
        used.add(c);
        p.notes.add("column '" + p.columnName(c) + "' holds ISO currency codes: read as the currency");
      }
    }
    if (p.valueDate < 0 && given.valueDate() == null && !p.hasHeader) {
      int v = firstColumn(p, rows, used, Dates::looksLikeDate);
      if (v >= 0) {
        p.valueDate = v;
        used.add(v);
        p.notes.add("no header: the second date column " + p.columnName(v) + " read as the value date");
      }
    }
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
          if (textual * 2 >= rows.size() && len / rows.size() > bestLen && !mostly(rows, i, CsvDetector::isAccountNumber)
              && !mostly(rows, i, CsvDetector::isCurrencyCode) && !mostly(rows, i, CsvDetector::isSignWord)) {
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
    if (!desc.isEmpty()) {
      String dn = desc.get(0) < norm.size() ? norm.get(desc.get(0)) : "";
      p.descriptionIsMemo = HeaderNames.FIELDS.get("memo").contains(dn);
      if (p.payee < 0 && p.from < 0 && mostly(rows, desc.get(0), LabelledText::isLabelled)) {
        p.labelledText = true;
        p.notes.add("descriptions carry labels (Empf\u00e4nger:, Auftraggeber:, Kto/IBAN:): counterparty, account and "
            + "memo read from them");
      }
    }
    p.memo = column(p, null, "memo", norm, used, rows, source);
    if (p.counterpartyAccount < 0 && !p.hasHeader) {
      for (int i = 0; i < p.width; i++) {
        if (!used.contains(i) && mostly(rows, i, CsvDetector::isIban)) {
          p.counterpartyAccount = i;
          used.add(i);
          break;
        }
      }
    }
    p.used = used;
  }

  private static int distinct(List<List<String>> rows, int col) {
    Set<String> seen = new HashSet<>();
    for (List<String> r : rows) {
      String v = cell(r, col).strip();
      if (!v.isEmpty()) {
        seen.add(v);
      }
    }
    return seen.size();
  }

  /** An IBAN ({@code DE89 3704 0044 0532 0130 00}) or a long digit-only account number. */
  static boolean isAccountNumber(String v) {
    if (isIban(v)) {
      return true;
    }
    int digits = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isDigit(c)) {
        digits++;
      } else if (c != ' ' && c != '-' && c != '/' && c != '*') {
        return false;
      }
    }
    return digits >= 8;
  }

  /** Two letters, two check digits and 10–30 letters or digits (spaces allowed). */
  static boolean isIban(String v) {
    String t = v.replace(" ", "");
    if (t.length() < 14 || t.length() > 34) {
      return false;
    }
    if (!Character.isUpperCase(t.charAt(0)) || !Character.isUpperCase(t.charAt(1)) || !Character.isDigit(t.charAt(2))
        || !Character.isDigit(t.charAt(3))) {
      return false;
    }
    for (int i = 4; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  static boolean isCurrencyCode(String v) {
    String t = v.strip();
    if (t.length() != 3 || !t.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      return false;
    }
    try {
      Currency.getInstance(t);
      return !t.equals("XXX");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean isSignWord(String v) {
    return SIGN_WORDS.containsKey(v.strip().toLowerCase(Locale.ROOT)) && !isNumber(v);
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
    List<String> paired = p.valueDate >= 0 ? new ArrayList<>() : null;
    for (List<String> r : rows) {
      values.add(cell(r, p.date));
      if (paired != null) {
        paired.add(cell(r, p.valueDate));
      }
    }
    Boolean forced = opt.dayFirst() != null ? opt.dayFirst() : profile.dayFirst();
    p.dayFirstForced = forced;
    Dates.Decision d = Dates.decideOrder(values, paired, localeHint(p, rows), true);
    String column = p.columnName(p.date);
    if (d == null) {
      p.dayFirst = forced != null && forced;
    } else if (forced != null) {
      p.dayFirst = forced;
      if (d.certain() && d.dayFirst() != forced) {
        p.warnings.add(new String[] {column, "the dates look " + (d.dayFirst() ? "day-first" : "month-first") + " ("
            + d.evidence() + "), but day-first=" + forced + " is configured: read as configured; rows whose date "
            + "cannot be read that way are problems"});
      }
    } else {
      p.dayFirst = d.dayFirst();
      p.dateOrderCertain = d.certain();
      if (!d.certain()) {
        p.warnings.add(new String[] {column, "dates such as \"" + firstNonBlank(values) + "\" could be day/month or "
            + "month/day (no value in the first " + rows.size() + " rows has a part above 12): " + d.evidence()
            + "; set option day-first=" + !d.dayFirst() + " if that is wrong"});
      } else if (d.contradicting() > 0) {
        p.notes.add(d.contradicting() + " date(s) in the sample contradict the " + (d.dayFirst() ? "day-first"
            : "month-first") + " order of the others (" + d.evidence() + "); each is reported on its line");
      } else if (d.evidence().startsWith("dotted")) {
        p.notes.add("dates such as \"" + firstNonBlank(values) + "\" are dotted: read day-first (dd.MM), as no "
            + "locale writes MM.dd; set option day-first=false if this file does");
      }
    }
    p.dateFormat = Dates.describe(firstNonBlank(values), p.dayFirst);
  }

  /** The order the file's locale suggests: decimal comma or ';' → day-first, '$' → month-first. */
  private static Boolean localeHint(Plan p, List<List<String>> rows) {
    if (p.amountFormat.decimal() == ',' || p.delimiter == ';') {
      return Boolean.TRUE;
    }
    for (List<String> r : rows) {
      for (int c : new int[] {p.amount, p.debit, p.credit}) {
        String v = cell(r, c);
        if (v.indexOf('$') >= 0) {
          return Boolean.FALSE;
        }
        if (v.indexOf('\u20ac') >= 0 || v.indexOf('\u00a3') >= 0) {
          return Boolean.TRUE;
        }
      }
    }
    return null;
  }

  private static String firstNonBlank(List<String> values) {
    for (String v : values) {
      if (!v.isBlank()) {
        return v.strip();
      }
    }
    return "";
  }

  /**
   * An account column that varies row by row is the statement's own after all when each of its values
   * carries its own running balance: an export of many accounts interleaved by date (a budgeting app's
   * "all accounts" export), not a column of the other party's accounts. The test is exact: of the rows
   * that follow an earlier row with the same value, at least 90 % (and at least 20) continue that
   * value's balance by their amount (oldest first or newest first, either sign). A counterparty's rows
   * are separated by other rows of the one statement, so their balances do not chain.
   */
  static void ownAccountsByBalance(Plan p, List<List<String>> rows) {
    if (!p.accountVaried || p.balance < 0 || p.amount < 0) {
      return;
    }
    int col = p.counterpartyAccount;
    Map<String, BigDecimal[]> last = new HashMap<>();
    int pairs = 0;
    int chained = 0;
    for (List<String> r : rows) {
      String key = cell(r, col).strip();
      BigDecimal amount;
      BigDecimal balance;
      try {
        amount = p.amountFormat.parse(cell(r, p.amount));
        balance = p.amountFormat.parse(cell(r, p.balance));
      } catch (NumberFormatException e) {
        continue;
      }
      if (key.isEmpty()) {
        continue;
      }
      BigDecimal[] before = last.put(key, new BigDecimal[] {amount, balance});
      if (before != null) {
        pairs++;
        BigDecimal b = before[1];
        if (b.add(amount).compareTo(balance) == 0 || b.subtract(amount).compareTo(balance) == 0
            || b.subtract(before[0]).compareTo(balance) == 0 || b.add(before[0]).compareTo(balance) == 0) {
          chained++;
        }
      }
    }
    if (pairs >= 20 && chained * 10L >= pairs * 9L) {
      p.account = col;
      p.counterpartyAccount = -1;
      p.accountVaried = false;
      p.notes.removeIf(n -> n.startsWith("column '" + p.columnName(col) + "' varies row by row"));
      p.notes.add("column '" + p.columnName(col) + "' varies row by row, but each of its values carries its own "
          + "running balance (" + chained + " of " + pairs + " rows continue it): read as the statement's own "
          + "account, several accounts interleaved");
    }
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
    if (p.type >= 0 && !signColumn(rows, p.type)) {
      p.used.remove(p.type);
      p.type = -1; // not a debit/credit indicator (e.g. "ATM", "CHECK")
    }
    if (p.type < 0 && p.amount >= 0) {
      for (int i = 0; i < p.width; i++) {
        if (!p.used.contains(i) && signColumn(rows, i)) {
          p.type = i;
          p.used.add(i);
          p.notes.add("column '" + p.columnName(i) + "' holds debit/credit marks: it decides each amount's sign");
          break;
        }
      }
    }
    if (p.type >= 0) {
      p.typeSigns = Map.copyOf(SIGN_WORDS);
    }
  }

  /** Every filled value is a debit/credit word, and at least one is more than a bare sign. */
  private static boolean signColumn(List<List<String>> rows, int col) {
    int words = 0;
    for (List<String> r : rows) {
      String v = cell(r, col).strip().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      if (!SIGN_WORDS.containsKey(v)) {
        return false;
      }
      if (!v.equals("-") && !v.equals("+")) {
        words++;
      }
    }
    return words > 0;
  }

  private static void decideCurrency(Plan p, CsvProfile profile, Options opt, List<List<String>> rows,
      String source) {
    String code = opt.currency() != null ? opt.currency() : profile.currency();
    Currency configured = code == null ? null : currency(code, source);
    // a column named as the currency may write its codes in lower case ("cad")
    if (p.currency >= 0 && !mostly(rows, p.currency, v -> isCurrencyCode(v.strip().toUpperCase(Locale.ROOT)))) {
      p.used.remove(p.currency);
      p.currency = -1;
    }
    if (p.currency >= 0) {
      p.defaultCurrency = configured; // for rows whose currency cell is blank
      return;
    }
    // what the file states: a header suffix such as "Amount (EUR)", then ISO codes in the amount cells
    Currency stated = null;
    String how = null;
    if (p.hasHeader) {
      for (int c : new int[] {p.amount, p.debit, p.credit, p.balance}) {
        Currency h = c >= 0 && c < p.headerCells.size() ? headerCurrency(p.headerCells.get(c)) : null;
        if (h != null) {
          stated = h;
          how = "the header '" + p.headerCells.get(c).strip() + "' names " + h.getCurrencyCode();
          break;
        }
      }
    }
    if (stated == null) {
      Set<String> codes = new HashSet<>();
      for (List<String> r : rows) {
        for (int c : new int[] {p.amount, p.debit, p.credit}) {
          String cc = cellCurrencyCode(cell(r, c));
          if (cc != null) {
            codes.add(cc);
          }
        }
      }
      if (codes.size() == 1) {
        stated = Currency.getInstance(codes.iterator().next());
        how = "the amounts carry the code " + stated.getCurrencyCode();
      } else if (codes.size() > 1) {
        p.warnings.add(new String[] {p.columnName(p.amount), "the amounts carry several currency codes " + codes
            + "; without a currency column each row is read in " + (configured != null ? configured.getCurrencyCode()
            : "XXX") + "; use a profile with a currency column"});
      }
    }
    if (stated != null) {
      p.defaultCurrency = stated;
      p.notes.add(how);
      if (configured != null && !configured.equals(stated)) {
        p.warnings.add(new String[] {"currency", how + ", but currency=" + configured.getCurrencyCode()
            + " is configured: the file's currency is used"});
      }
      return;
    }
    if (configured != null) {
      p.defaultCurrency = configured;
      return;
    }
    boolean euro = false;
    boolean pound = false;
    boolean dollar = false;
    boolean yen = false;
    for (List<String> r : rows) {
      for (int c : new int[] {p.amount, p.debit, p.credit}) {
        String v = cell(r, c);
        euro |= v.indexOf('\u20ac') >= 0;
        pound |= v.indexOf('\u00a3') >= 0;
        dollar |= v.indexOf('$') >= 0;
        yen |= v.indexOf('\u00a5') >= 0;
      }
    }
    int kinds = (euro ? 1 : 0) + (pound ? 1 : 0) + (dollar ? 1 : 0) + (yen ? 1 : 0);
    if (kinds == 1 && euro) {
      p.defaultCurrency = Currency.getInstance("EUR");
    } else if (kinds == 1 && pound) {
      p.defaultCurrency = Currency.getInstance("GBP");
    } else if (kinds == 1 && dollar) {
      p.defaultCurrency = Currency.getInstance("USD");
      p.warnings.add(new String[] {"currency", "amounts carry '$': read as USD; set option currency if they are "
          + "another dollar (CAD, AUD, …)"});
    } else if (kinds == 1 && yen) {
      p.defaultCurrency = Currency.getInstance("JPY");
      p.warnings.add(new String[] {"currency", "amounts carry '\u00a5': read as JPY; set option currency=CNY if "
          + "they are yuan"});
    } else {
      p.defaultCurrency = Currency.getInstance("XXX");
      p.warnings.add(new String[] {"currency", "the file names no currency (no currency column, header suffix, code "
          + "or symbol): amounts are read as XXX (unknown); set option currency, e.g. currency=EUR"});
    }
  }

  /** A currency named in a header: {@code Amount (EUR)}, {@code Betrag [EUR]}, {@code Amount EUR}, {@code Betrag in EUR}. */
  static Currency headerCurrency(String header) {
    String h = header.strip();
    for (int i = 0; i + 3 <= h.length(); i++) {
      boolean before = i == 0 || !Character.isLetter(h.charAt(i - 1));
      boolean after = i + 3 == h.length() || !Character.isLetter(h.charAt(i + 3));
      if (i > 0 && before && after && isCurrencyCode(h.substring(i, i + 3))) {
        return Currency.getInstance(h.substring(i, i + 3));
      }
    }
    if (h.indexOf('\u20ac') > 0) {
      return Currency.getInstance("EUR");
    }
    if (h.indexOf('\u00a3') > 0) {
      return Currency.getInstance("GBP");
    }
    return null;
  }

  /** A leading or trailing ISO code in an amount cell ({@code -98,76 EUR}, {@code EUR 12.00}), or null. */
  static String cellCurrencyCode(String v) {
    String t = v.strip();
    if (t.length() < 4) {
      return null;
    }
    String tail = t.substring(t.length() - 3);
    if (!Character.isLetter(t.charAt(t.length() - 4)) && isCurrencyCode(tail)) {
      return tail;
    }
    String head = t.substring(0, 3);
    if (!Character.isLetter(t.charAt(3)) && isCurrencyCode(head)) {
      return head;
    }
    return null;
  }

  static Currency currency(String code, String source) {
    try {
      return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IngestException(source, 0, "currency", "'" + code + "' is not an ISO 4217 currency code");
    }
  }
}
