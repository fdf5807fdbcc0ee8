package dev.pfms.core.ingest.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Reads the dates banks write, by hand and without regular expressions: ISO {@code 2023-10-27}
 * (with or without a time), {@code dd.MM.yyyy}, {@code dd/MM/yyyy}, {@code MM/dd/yyyy}, two-digit
 * years, {@code yyyyMMdd}, and month names ({@code 23-Jan-15}, {@code December 24, 2022},
 * {@code 10 okt 2017}). Stateless and thread-safe.
 *
 * <p>A numeric date whose year is not first is read day-first or month-first as the caller says:
 * that is decided once per column by {@link #detectDayFirst(List)}. Two-digit years below 80 are
 * read as 20yy, others as 19yy.
 */
public final class Dates {

  /** The result of {@link #detectDayFirst(List)}. */
  public enum Order {
    /** Some value has a first part above 12: day first. */
    DAY_FIRST,
    /** Some value has a second part above 12: month first. */
    MONTH_FIRST,
    /** No value needs a decision (ISO, compact, month names) . */
    NOT_NEEDED,
    /** Numeric values exist but none has a part above 12. */
    AMBIGUOUS,
    /**
     * As {@link #AMBIGUOUS}, but every value is dotted ({@code 10.10.2017}): day first by convention,
     * as no locale writes month.day.year.
     */
    DOTTED,
    /** Both kinds of evidence: the column is not one date format. */
    CONTRADICTORY
  }

  private Dates() {}

  /**
   * Parses a date.
   *
   * @param s the text
   * @param dayFirst how to read a numeric date whose year is last
   * @return the date
   * @throws DateTimeException with a short reason when the text is not a date
   */
  public static LocalDate parse(CharSequence s, boolean dayFirst) {
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) == ' ') {
      i++;
    }
    int[] num = new int[3];
    int[] len = new int[3];
    int wordAt = -1;
    int month = 0;
    int comps = 0;
    while (comps < 3) {
      if (i >= n) {
        break;
      }
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        int v = 0;
        int l = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          if (l < 9) {
            v = v * 10 + (s.charAt(i) - '0');
          }
          l++;
          i++;
        }
        if (comps == 0 && l >= 8) {
          // compact yyyyMMdd[HHmm[ss]][.fff][[offset:zone]] (OFX)
          if (l != 8 && l != 12 && l != 14) {
            throw new DateTimeException("a compact date has 8, 12 or 14 digits, not " + l);
          }
          int ymd = parseDigits(s, i - l, i - l + 8);
          LocalDate date = of(ymd / 10000, ymd / 100 % 100, ymd % 100);
          if (l >= 12) {
            checkClock(parseDigits(s, i - l + 8, i - l + 10), parseDigits(s, i - l + 10, i - l + 12),
                l == 14 ? parseDigits(s, i - l + 12, i - l + 14) : 0);
          }
          checkCompactTail(s, i, n);
          return date;
        }
        num[comps] = v;
        len[comps] = l;
        comps++;
      } else if (Character.isLetter(c)) {
        int st = i;
        while (i < n && Character.isLetter(s.charAt(i))) {
          i++;
        }
        if (wordAt >= 0 || comps == 3) {
          break;
        }
        month = monthOf(s, st, i);
        if (month == 0) {
          if (comps == 0 && i - st <= 3 && i < n && s.charAt(i) == ',') {
            i++; // a weekday such as "Mon, 24 Dec 2022"
            continue;
          }
          throw new DateTimeException("'" + s.subSequence(st, i) + "' is not a month");
        }
        wordAt = comps;
        num[comps] = month;
        len[comps] = -1;
        comps++;
      } else if (c == '-' || c == '.' || c == '/' || c == ' ' || c == ',') {
        i++;
      } else {
        break;
      }
      if (comps < 3) {
        // only separators between components
        while (i < n && (s.charAt(i) == '-' || s.charAt(i) == '.' || s.charAt(i) == '/' || s.charAt(i) == ' '
            || s.charAt(i) == ',')) {
          i++;
        }
      }
    }
    if (comps < 3) {
      throw new DateTimeException("not a date");
    }
    checkTimeTail(s, i, n);
    int y;
    int m;
    int d;
    if (wordAt == 0) { // Dec 24, 2022
      m = num[0];
      d = num[1];
      y = year(num[2], len[2]);
    } else if (wordAt == 1) { // 24-Dec-2022 or 2022-Dec-24
      m = num[1];
      if (len[0] == 4) {
        y = num[0];
        d = num[2];
      } else {
        d = num[0];
        y = year(num[2], len[2]);
      }
    } else if (wordAt == 2) {
      throw new DateTimeException("month name in last position");
    } else if (len[0] >= 3) { // yyyy-MM-dd
      y = num[0];
      m = num[1];
      d = num[2];
      if (len[0] != 4) {
        throw new DateTimeException("year must have four digits");
      }
    } else {
      if (len[2] != 2 && len[2] != 4) {
        throw new DateTimeException("year must have two or four digits");
      }
      y = year(num[2], len[2]);
      if (dayFirst) {
        d = num[0];
        m = num[1];
      } else {
        m = num[0];
        d = num[1];
      }
    }
    return of(y, m, d);
  }

  private static void checkClock(int h, int m, int sec) {
    if (h > 24 || m > 59 || sec > 60 || h == 24 && (m > 0 || sec > 0)) {
      throw new DateTimeException("the time " + h + ":" + m + ":" + sec + " is not a time of day");
    }
  }

  /** After a compact OFX date: {@code .fff}, then {@code [offset:zone]}, then nothing. */
  private static void checkCompactTail(CharSequence s, int i, int n) {
    if (i < n && s.charAt(i) == '.') {
      i++;
      int st = i;
      while (i < n && i - st < 9 && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == st) {
        throw new DateTimeException("no digits after the decimal point of the time");
      }
    }
    if (i < n && s.charAt(i) == '[') {
      int close = -1;
      for (int k = i + 1; k < n && k < i + 40; k++) {
        if (s.charAt(k) == ']') {
          close = k;
          break;
        }
      }
      if (close < 0) {
        throw new DateTimeException("unclosed time zone bracket");
      }
      i = close + 1;
    }
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i < n) {
      throw new DateTimeException("unexpected text after the date");
    }
  }

  /**
   * After a date: nothing, or a time of day {@code [T| ]H:mm[:ss[.fff]]} with an optional
   * {@code AM}/{@code PM} and an optional zone ({@code Z}, {@code UTC}, {@code GMT}, {@code +01:00});
   * anything else ({@code 16/01/2024 12:99:99 XYZ}) is not a date.
   */
  private static void checkTimeTail(CharSequence s, int i, int n) {
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
      i++;
    }
    if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == 't')) {
      i++;
    }
    if (i >= n) {
      return;
    }
    int[] part = new int[3];
    int parts = 0;
    while (parts < 3) {
      int st = i;
      int v = 0;
      while (i < n && i - st < 2 && isDigit(s.charAt(i))) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == st || i < n && isDigit(s.charAt(i))) {
        throw new DateTimeException("unexpected text after the date");
      }
      part[parts++] = v;
      if (i < n && s.charAt(i) == ':' && parts < 3) {
        i++;
      } else {
        break;
      }
    }
    if (parts < 2) {
      throw new DateTimeException("unexpected text after the date");
    }
    if (parts == 3 && i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      int st = i;
      while (i < n && i - st < 9 && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == st) {
        throw new DateTimeException("no digits after the decimal point of the time");
      }
    }
    while (i < n && s.charAt(i) == ' ') {
      i++;
    }
    boolean twelve = false;
    if (i + 1 < n && (upper(s.charAt(i)) == 'A' || upper(s.charAt(i)) == 'P') && upper(s.charAt(i + 1)) == 'M') {
      twelve = true;
      i += 2;
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
    }
    if (twelve && (part[0] < 1 || part[0] > 12)) {
      throw new DateTimeException("the hour " + part[0] + " is not a 12-hour clock hour");
    }
    checkClock(part[0], part[1], part[2]);
    if (i < n) {
      char c = upper(s.charAt(i));
      if (c == 'Z') {
        i++;
      } else if (i + 2 < n && (c == 'U' && upper(s.charAt(i + 1)) == 'T' && upper(s.charAt(i + 2)) == 'C'
          || c == 'G' && upper(s.charAt(i + 1)) == 'M' && upper(s.charAt(i + 2)) == 'T')) {
        i += 3;
      }
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
        int st = i;
        while (i < n && i - st < 5 && (isDigit(s.charAt(i)) || s.charAt(i) == ':')) {
          i++;
        }
        if (i == st) {
          throw new DateTimeException("unexpected text after the date");
        }
      }
    }
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i < n) {
      throw new DateTimeException("unexpected text after the date");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }

  private static int parseDigits(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static LocalDate of(int y, int m, int d) {
    if (y < 1900 || y > 2199) {
      throw new DateTimeException("year " + y + " is out of range");
    }
    return LocalDate.of(y, m, d);
  }

  private static int year(int v, int len) {
    if (len == 2) {
      return v < 80 ? 2000 + v : 1900 + v;
    }
    if (len != 4) {
      throw new DateTimeException("year must have two or four digits");
    }
    return v;
  }

  /**
   * The month of an English, German, French, Spanish, Italian or Dutch month name or abbreviation.
   *
   * @param s the text
   * @param from start index
   * @param to end index
   * @return 1..12, or 0 when not a month
   */
  static int monthOf(CharSequence s, int from, int to) {
    if (to - from < 3) {
      return 0;
    }
    String w = s.subSequence(from, Math.min(to, from + 4)).toString().toLowerCase(Locale.ROOT)
        .replace('ä', 'a').replace('é', 'e').replace('û', 'u');
    String p = w.substring(0, 3);
    return switch (p) {
      case "jan", "ene", "gen", "jän" -> 1;
      case "feb", "fev", "fév" -> 2;
      case "mar", "mrz", "mrt" -> 3;
      case "apr", "avr", "abr" -> 4;
      case "may", "mai", "mei", "mag" -> 5;
      case "jun", "giu" -> 6;
      case "jul", "lug" -> 7;
      case "jui" -> w.equals("juin") ? 6 : w.equals("juil") ? 7 : 0;
      case "aug", "ago", "aou" -> 8;
      case "sep", "set" -> 9;
      case "oct", "okt", "ott", "out" -> 10;
      case "nov" -> 11;
      case "dec", "dez", "dic" -> 12;
      default -> 0;
    };
  }

  /**
   * Decides, from sample values of one column, whether numeric dates are day-first.
   *
   * @param samples the values (blank ones are ignored)
   * @return the evidence
   */
  public static Order detectDayFirst(List<String> samples) {
    boolean dayFirst = false;
    boolean monthFirst = false;
    boolean numeric = false;
    boolean allDotted = true;
    for (String v : samples) {
      int[] parts = numericParts(v);
      if (parts == null) {
        continue;
      }
      numeric = true;
      allDotted &= v.indexOf('.') >= 0 && v.indexOf('/') < 0 && v.indexOf('-') < 0;
      if (parts[0] > 12 && parts[0] <= 31) {
        dayFirst = true;
      }
      if (parts[1] > 12 && parts[1] <= 31) {
        monthFirst = true;
      }
    }
    if (dayFirst && monthFirst) {
      return Order.CONTRADICTORY;
    }
    if (dayFirst) {
      return Order.DAY_FIRST;
    }
    if (monthFirst) {
      return Order.MONTH_FIRST;
    }
    return numeric ? (allDotted ? Order.DOTTED : Order.AMBIGUOUS) : Order.NOT_NEEDED;
  }

  /**
   * How a column's numeric dates are to be read, and on what evidence.
   *
   * @param dayFirst the order to read with
   * @param certain whether the data decide it (a part above 12, dotted dates); false when it is only
   *     likelier (chronological order, a paired column, the file's locale, a default), which the
   *     caller must report as a warning with the option that overrides it
   * @param evidence what decided it, for the report
   * @param contradicting how many values contradict the order (they will fail to parse, each a
   *     located problem)
   */
  public record Decision(boolean dayFirst, boolean certain, String evidence, int contradicting) {}

  /**
   * Decides the day/month order of numeric dates from evidence, in this order: values with a part
   * above 12 (the majority wins, the others are the caller's located problems); dotted dates
   * (day-first by convention); the statement's chronological order (the order under which
   * consecutive dates step back less often); agreement of paired dates (booking and value date
   * closer together); the file's locale signal; the default.
   *
   * @param values the column's values in file order (blank ones ignored)
   * @param paired values of a second date column row by row (e.g. value dates), or null
   * @param localeHint the order the file's locale suggests (decimal comma → day-first), or null
   * @param fallback the order to read with when nothing decides
   * @return the decision, or null when no value needs one (ISO dates, month names)
   */
  public static Decision decideOrder(List<String> values, List<String> paired, Boolean localeHint,
      boolean fallback) {
    int dayVotes = 0;
    int monthVotes = 0;
    boolean numeric = false;
    boolean allDotted = true;
    List<String> all = new java.util.ArrayList<>(values);
    if (paired != null) {
      all.addAll(paired);
    }
    for (String v : all) {
      int[] parts = numericParts(v);
      if (parts == null) {
        continue;
      }
      numeric = true;
      allDotted &= v.indexOf('.') >= 0 && v.indexOf('/') < 0 && v.indexOf('-') < 0;
      if (parts[0] > 12 && parts[0] <= 31) {
        dayVotes++;
      }
      if (parts[1] > 12 && parts[1] <= 31) {
        monthVotes++;
      }
    }
    if (!numeric) {
      return null;
    }
    if (dayVotes > 0 || monthVotes > 0) {
      boolean day = dayVotes >= monthVotes;
      int against = day ? monthVotes : dayVotes;
      return new Decision(day, true, (day ? dayVotes : monthVotes) + " value(s) have a "
          + (day ? "first" : "second") + " part above 12", against);
    }
    if (allDotted) {
      return new Decision(true, true, "dotted dates are day-first (no locale writes MM.dd)", 0);
    }
    int backDay = stepsBack(values, true);
    int backMonth = stepsBack(values, false);
    if (backDay != backMonth) {
      boolean day = backDay < backMonth;
      return new Decision(day, false, "read " + (day ? "day-first" : "month-first") + " the statement is in date "
          + "order (" + Math.min(backDay, backMonth) + " step(s) out of order, against " + Math.max(backDay, backMonth)
          + " the other way)", 0);
    }
    if (paired != null) {
      long gapDay = gap(values, paired, true);
      long gapMonth = gap(values, paired, false);
      if (gapDay != gapMonth) {
        boolean day = gapDay < gapMonth;
        return new Decision(day, false, "read " + (day ? "day-first" : "month-first") + " the two date columns "
            + "agree (" + Math.min(gapDay, gapMonth) + " days apart in all, against " + Math.max(gapDay, gapMonth)
            + ")", 0);
      }
    }
    if (localeHint != null) {
      return new Decision(localeHint, false, "the file's locale suggests " + (localeHint ? "day-first" : "month-first"),
          0);
    }
    return new Decision(fallback, false, "nothing in the file decides it; read " + (fallback ? "day-first" : "month-first")
        + " by default", 0);
  }

  /** How often consecutive dates step back, whichever the statement's direction (fewest of the two). */
  private static int stepsBack(List<String> values, boolean dayFirst) {
    LocalDate prev = null;
    int back = 0;
    int forward = 0;
    for (String v : values) {
      LocalDate d = tryParse(v, dayFirst);
      if (d == null) {
        continue;
      }
      if (prev != null) {
        int c = d.compareTo(prev);
        if (c < 0) {
          back++;
        } else if (c > 0) {
          forward++;
        }
      }
      prev = d;
    }
    return Math.min(back, forward);
  }

  private static long gap(List<String> a, List<String> b, boolean dayFirst) {
    long sum = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      LocalDate x = tryParse(a.get(i), dayFirst);
      LocalDate y = tryParse(b.get(i), dayFirst);
      if (x != null && y != null) {
        sum += Math.abs(x.toEpochDay() - y.toEpochDay());
      }
    }
    return sum;
  }

  private static LocalDate tryParse(String v, boolean dayFirst) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return parse(v, dayFirst);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * What one value says about the day/month order.
   *
   * @param v a date value
   * @return 1 when its first part is above 12 (day-first), 2 when its second is (month-first), 0
   *     when it says nothing
   */
  public static int orderVote(String v) {
    int[] parts = numericParts(v);
    if (parts == null) {
      return 0;
    }
    if (parts[0] > 12 && parts[0] <= 31) {
      return 1;
    }
    return parts[1] > 12 && parts[1] <= 31 ? 2 : 0;
  }

  /** The first two numbers of a numeric date whose year is not first, or null. */
  private static int[] numericParts(String v) {
    if (v == null) {
      return null;
    }
    int n = v.length();
    int i = 0;
    while (i < n && v.charAt(i) == ' ') {
      i++;
    }
    int[] out = new int[3];
    for (int k = 0; k < 3; k++) {
      int st = i;
      int x = 0;
      while (i < n && Character.isDigit(v.charAt(i))) {
        x = x * 10 + (v.charAt(i) - '0');
        i++;
      }
      int l = i - st;
      if (l == 0 || l > 4 || k < 2 && l > 2) {
        return null;
      }
      out[k] = x;
      if (k < 2) {
        if (i >= n || "-./".indexOf(v.charAt(i)) < 0) {
          return null;
        }
        i++;
      }
    }
    return out;
  }

  /**
   * Whether a value reads as a date in either order.
   *
   * @param v the text
   * @return true when it parses day-first or month-first
   */
  public static boolean looksLikeDate(String v) {
    if (v == null || v.length() < 6 || v.length() > 40) {
      return false;
    }
    try {
      parse(v, true);
      return true;
    } catch (DateTimeException e) {
      try {
        parse(v, false);
        return true;
      } catch (DateTimeException e2) {
        return false;
      }
    }
  }

  /**
   * A readable pattern for a sample value, e.g. {@code dd.MM.yyyy} or {@code MM/dd/yy}.
   *
   * @param sample a value of the column
   * @param dayFirst the decided order
   * @return the pattern
   */
  public static String describe(String sample, boolean dayFirst) {
    StringBuilder out = new StringBuilder();
    int comp = 0;
    int i = 0;
    String v = sample.trim();
    boolean yearFirst = false;
    int wordAt = -1;
    for (int k = 0, c = 0, j = 0; j < v.length() && c < 3; ) {
      if (Character.isLetter(v.charAt(j))) {
        if (wordAt < 0) {
          wordAt = c;
        }
        while (j < v.length() && Character.isLetter(v.charAt(j))) {
          j++;
        }
        c++;
      } else if (Character.isDigit(v.charAt(j))) {
        while (j < v.length() && Character.isDigit(v.charAt(j))) {
          j++;
        }
        c++;
      } else {
        j++;
      }
      k++;
    }
    while (i < v.length() && comp < 3) {
      char c = v.charAt(i);
      int st = i;
      if (Character.isDigit(c)) {
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
          i++;
        }
        int l = i - st;
        if (comp == 0 && l >= 8) {
          return "yyyyMMdd";
        }
        if (comp == 0 && l == 4) {
          yearFirst = true;
        }
        String tok;
        if (yearFirst) {
          tok = comp == 0 ? "yyyy" : comp == 1 ? (wordAt == 1 ? "MMM" : "MM") : "dd";
        } else if (wordAt == 0) {
          tok = comp == 1 ? "d" : l == 2 ? "yy" : "yyyy";
        } else if (wordAt == 1) {
          tok = comp == 0 ? "dd" : l == 2 ? "yy" : "yyyy";
        } else if (comp == 2) {
          tok = l == 2 ? "yy" : "yyyy";
        } else {
          tok = (comp == 0) == dayFirst ? "dd" : "MM";
        }
        out.append(tok);
        comp++;
      } else if (Character.isLetter(c)) {
        while (i < v.length() && Character.isLetter(v.charAt(i))) {
          i++;
        }
        out.append(i - st > 3 ? "MMMM" : "MMM");
        comp++;
      } else {
        out.append(c);
        i++;
      }
    }
    if (i < v.length()) {
      out.append(" +time");
    }
    return out.toString();
  }
}
