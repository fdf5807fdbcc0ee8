package dev.pfms.core.ingest.internal;

import dev.pfms.api.model.Money;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Bounds every ingestor applies to amounts, in linear time: at most {@value #MAX_INTEGER_DIGITS}
 * integer digits, no exponent, no more decimals than the currency allows. Stateless.
 *
 * <p>Larger values are not amounts a bank account holds; accepting one (a 400-digit number, or
 * {@code 1E+10000000}) makes every later step (ids, categorization, forecasting) slow or wrong, so it
 * is a located problem instead.
 */
public final class Amounts {

  /** The most integer digits an amount may have (10<sup>18</sup> is beyond any account). */
  public static final int MAX_INTEGER_DIGITS = 18;
  /** The most decimals an amount may be written with before the currency check. */
  public static final int MAX_DECIMALS = 18;

  private Amounts() {}

  /**
   * Parses a plain decimal as XML and SWIFT formats write it: optional sign, digits, one {@code .}
   * (or {@code ,} when {@code comma} is set) and digits; no exponent, no grouping. Linear in the
   * text's length and stops at the first character over the bounds.
   *
   * @param s the text (surrounding white space ignored)
   * @param comma whether the decimal separator is a comma (MT940) instead of a point
   * @return the value
   * @throws NumberFormatException with a short reason
   */
  public static BigDecimal parsePlain(CharSequence s, boolean comma) {
    int start = 0;
    int end = s.length();
    while (start < end && Character.isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw new NumberFormatException("empty amount");
    }
    boolean negative = false;
    int i = start;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      negative = s.charAt(i) == '-';
      i++;
    }
    char sep = comma ? ',' : '.';
    int intDigits = 0;
    int decimals = -1;
    boolean sawDigit = false;
    StringBuilder digits = new StringBuilder(Math.min(end - i, 40));
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (decimals >= 0) {
          if (++decimals > MAX_DECIMALS) {
            throw new NumberFormatException("more than " + MAX_DECIMALS + " decimals");
          }
        } else if (intDigits == 0 && c == '0') {
          continue; // a leading zero
        } else if (++intDigits > MAX_INTEGER_DIGITS) {
          throw new NumberFormatException("more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        digits.append(c);
      } else if (c == sep && decimals < 0) {
        decimals = 0;
      } else if (c == 'e' || c == 'E') {
        throw new NumberFormatException("an exponent is not an amount");
      } else {
        throw new NumberFormatException("unexpected character '" + c + "'");
      }
    }
    if (!sawDigit) {
      throw new NumberFormatException("no digits");
    }
    if (digits.length() == 0) {
      digits.append('0');
    }
    BigDecimal v = new BigDecimal(new java.math.BigInteger(digits.toString()), Math.max(decimals, 0));
    return negative ? v.negate() : v;
  }

  /**
   * Checks that an amount parsed by any reader is within the bounds.
   *
   * @param v the amount
   * @throws NumberFormatException when it has more than {@value #MAX_INTEGER_DIGITS} integer digits
   */
  public static void checkBounds(BigDecimal v) {
    if (v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
      throw new NumberFormatException("more than " + MAX_INTEGER_DIGITS + " integer digits");
    }
    if (v.scale() > MAX_DECIMALS) {
      throw new NumberFormatException("more than " + MAX_DECIMALS + " decimals");
    }
  }

  /**
   * Money in a currency, refusing more significant decimals than the currency has ({@code 12.345 GBP},
   * {@code 12.5 JPY}); trailing zeros ({@code 12.340 GBP}) are fine. A currency without a fixed number
   * of decimals ({@code XXX}) takes any.
   *
   * @param amount the amount
   * @param currency the currency
   * @return the money
   * @throws ArithmeticException saying how many decimals the currency allows
   */
  public static Money money(BigDecimal amount, Currency currency) {
    int allowed = currency.getDefaultFractionDigits();
    if (allowed >= 0 && amount.scale() > allowed && amount.stripTrailingZeros().scale() > allowed) {
      throw new ArithmeticException(amount.toPlainString() + " has more decimals than " + currency.getCurrencyCode()
          + " allows (" + allowed + ")");
    }
    BigDecimal a = amount.scale() > allowed && allowed >= 0 ? amount.setScale(allowed) : amount;
    return new Money(a, currency);
  }
}
