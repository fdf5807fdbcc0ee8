package dev.pfms.core.ingest.internal;

import java.math.BigDecimal;
import java.util.List;

/**
 * Parses bank amounts quickly, without regular expressions, once the decimal separator is known:
 * {@code 1.234,56}, {@code 2 250.00}, {@code $1,036.47}, {@code (12.00)}, {@code 12.00-},
 * {@code -98,76 EUR}, {@code 12,5 CR}. Immutable and thread-safe.
 *
 * <p>Every character other than the digits, the decimal separator, one grouping separator kind
 * (the other of {@code .}/{@code ,}, spaces, apostrophes), one sign, currency symbols and a
 * three-letter currency code or a {@code CR}/{@code DR} suffix is an error: a value such as
 * {@code 470010 -0.80} is rejected rather than guessed. More than {@value Amounts#MAX_INTEGER_DIGITS}
 * integer digits or {@value Amounts#MAX_DECIMALS} decimals are rejected as soon as they are seen,
 * so parsing is linear in the text and bounded in work.
 */
public final class AmountFormat {

  /** Decimal point, comma as grouping. */
  public static final AmountFormat POINT = new AmountFormat('.');
  /** Decimal comma, point as grouping. */
  public static final AmountFormat COMMA = new AmountFormat(',');

  private final char decimal;

  private AmountFormat(char decimal) {
    this.decimal = decimal;
  }

  /**
   * The format for a decimal separator.
   *
   * @param decimal {@code '.'} or {@code ','}
   * @return the format
   */
  public static AmountFormat of(char decimal) {
    return switch (decimal) {
      case '.' -> POINT;
      case ',' -> COMMA;
      default -> throw new IllegalArgumentException("decimal separator must be '.' or ',', not '" + decimal + "'");
    };
  }

  /**
   * The decimal separator.
   *
   * @return {@code '.'} or {@code ','}
   */
  public char decimal() {
    return decimal;
  }

  /**
   * Parses an amount.
   *
   * @param s the text
   * @return the signed amount
   * @throws NumberFormatException with a short reason when the text is not an amount
   */
  public BigDecimal parse(CharSequence s) {
    int n = s.length();
    int start = 0;
    int end = n;
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw new NumberFormatException("empty amount");
    }
    boolean negative = false;
    boolean signSeen = false;
    // suffix markers: CR / DR, currency code, trailing sign
    if (end - start >= 2) {
      char a = upper(s.charAt(end - 2));
      char b = upper(s.charAt(end - 1));
      if ((a == 'C' || a == 'D') && b == 'R' && (end - start == 2 || !isLetter(s.charAt(end - 3)))) {
        negative = a == 'D';
        signSeen = true;
        end -= 2;
        while (end > start && isSpace(s.charAt(end - 1))) {
          end--;
        }
      }
    }
    end = stripCode(s, start, end, false);
    start = stripCode(s, start, end, true);
    long unscaled = 0;
    int scale = -1;
    int digits = 0;
    int significant = 0;
    boolean paren = false;
    char grouping = 0;
    int sinceGroup = -1;
    BigDecimal big = null;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (scale >= 0) {
          if (scale >= Amounts.MAX_DECIMALS) {
            throw new NumberFormatException("more than " + Amounts.MAX_DECIMALS + " decimals");
          }
        } else if (c != '0' || significant > 0) {
          if (++significant > Amounts.MAX_INTEGER_DIGITS) {
            throw new NumberFormatException("more than " + Amounts.MAX_INTEGER_DIGITS + " integer digits");
          }
        }
        if (big == null && unscaled > (Long.MAX_VALUE - 9) / 10) {
          big = BigDecimal.valueOf(unscaled);
        }
        if (big != null) {
          big = big.multiply(BigDecimal.TEN).add(BigDecimal.valueOf(c - '0'));
        } else {
          unscaled = unscaled * 10 + (c - '0');
        }
        digits++;
        if (scale >= 0) {
          scale++;
        } else if (sinceGroup >= 0) {
          sinceGroup++;
        }
      } else if (c == decimal) {
        if (scale >= 0) {
          throw new NumberFormatException("two decimal separators");
        }
        if (sinceGroup >= 0 && sinceGroup != 3) {
          throw new NumberFormatException("digit groups must have three digits");
        }
        scale = 0;
      } else if (c == '-' || c == '+' || c == '\u2212') {
        boolean atStart = digits == 0 && scale < 0;
        boolean atEnd = i == end - 1 || onlySpaceOrParenAfter(s, i + 1, end);
        if (signSeen || !(atStart || atEnd)) {
          throw new NumberFormatException("sign in the middle of the number");
        }
        signSeen = true;
        negative = c != '+';
      } else if (c == '(' && digits == 0 && !paren) {
        paren = true;
      } else if (c == ')' && paren && i == end - 1) {
        paren = false;
        negative = true;
        signSeen = true;
      } else if (isGrouping(c)) {
        if (digits == 0 || scale >= 0) {
          if (isSpace(c) && (digits == 0 || i == end - 1)) {
            continue;
          }
          if (isSpace(c) && scale >= 0) {
            throw new NumberFormatException("space inside the decimals");
          }
          throw new NumberFormatException("misplaced '" + c + "'");
        }
        char kind = isSpace(c) ? ' ' : c;
        if (grouping != 0 && grouping != kind) {
          throw new NumberFormatException("mixed grouping separators");
        }
        if (sinceGroup >= 0 && sinceGroup != 3 || sinceGroup < 0 && digits > 3) {
          throw new NumberFormatException("digit groups must have three digits");
        }
        grouping = kind;
        sinceGroup = 0;
      } else if (isCurrencySymbol(c) && (digits == 0 || i == end - 1)) {
        continue;
      } else {
        throw new NumberFormatException("unexpected character '" + c + "'");
      }
    }
    if (paren) {
      throw new NumberFormatException("unbalanced parenthesis");
    }
    if (digits == 0) {
      throw new NumberFormatException("no digits");
    }
    if (scale < 0 && sinceGroup >= 0 && sinceGroup != 3) {
      throw new NumberFormatException("digit groups must have three digits");
    }
    int sc = Math.max(scale, 0);
    BigDecimal v = big != null ? big.movePointLeft(sc) : BigDecimal.valueOf(unscaled, sc);
    return negative ? v.negate() : v;
  }

  private static boolean onlySpaceOrParenAfter(CharSequence s, int from, int end) {
    for (int i = from; i < end; i++) {
      if (!isSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Strips a leading or trailing three-letter currency code such as EUR. */
  private static int stripCode(CharSequence s, int start, int end, boolean leading) {
    if (end - start < 4) {
      return leading ? start : end;
    }
    if (leading) {
      if (isUpperLetter(s.charAt(start)) && isUpperLetter(s.charAt(start + 1)) && isUpperLetter(s.charAt(start + 2))
          && !isLetter(s.charAt(start + 3))) {
        int i = start + 3;
        while (i < end && isSpace(s.charAt(i))) {
          i++;
        }
        return i;
      }
      return start;
    }
    if (isUpperLetter(s.charAt(end - 1)) && isUpperLetter(s.charAt(end - 2)) && isUpperLetter(s.charAt(end - 3))
        && !isLetter(s.charAt(end - 4))) {
      int i = end - 3;
      while (i > start && isSpace(s.charAt(i - 1))) {
        i--;
      }
      return i;
    }
    return end;
  }

  private boolean isGrouping(char c) {
    return (c == '.' || c == ',') && c != decimal || isSpace(c) || c == '\'' || c == '\u2019';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\u00a0' || c == '\u202f' || c == '\t';
  }

  private static boolean isLetter(char c) {
    return Character.isLetter(c);
  }

  private static boolean isUpperLetter(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }

  private static boolean isCurrencySymbol(char c) {
    return c == '$' || c == '\u20ac' || c == '\u00a3' || c == '\u00a5' || c == '\u20b9';
  }

  /**
   * Decides the decimal separator from sample values: the last of {@code .}/{@code ,} followed by
   * one, two or four-plus digits is a decimal separator; one followed by exactly three digits is
   * ambiguous (it could group thousands).
   *
   * @param samples values of one or more amount columns
   * @return {@code '.'} or {@code ','}, or {@code 0} when the samples don't decide (no separators,
   *     or only ambiguous ones), or {@code '?'} when they contradict each other
   */
  public static char detectDecimal(List<String> samples) {
    int point = 0;
    int comma = 0;
    for (String v : samples) {
      if (v == null) {
        continue;
      }
      int lastP = v.lastIndexOf('.');
      int lastC = v.lastIndexOf(',');
      if (lastP < 0 && lastC < 0) {
        continue;
      }
      int last = Math.max(lastP, lastC);
      char sep = v.charAt(last);
      if (lastP >= 0 && lastC >= 0) {
        if (sep == '.') {
          point++;
        } else {
          comma++;
        }
        continue;
      }
      if (v.indexOf(sep) != last) { // the separator occurs twice: grouping
        if (sep == '.') {
          comma++;
        } else {
          point++;
        }
        continue;
      }
      int after = 0;
      for (int i = last + 1; i < v.length() && Character.isDigit(v.charAt(i)); i++) {
        after++;
      }
      if (after == 3) {
        continue;
      }
      if (sep == '.') {
        point++;
      } else {
        comma++;
      }
    }
    if (point > 0 && comma > 0) {
      return '?';
    }
    if (point > 0) {
      return '.';
    }
    if (comma > 0) {
      return ',';
    }
    return 0;
  }
}
