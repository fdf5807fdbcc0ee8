package dev.pfms.core.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a raw bank description into a merchant key: {@code "POS 1234 TESCO STORES 3245 LONDON GB"}
 * becomes {@code "TESCO STORES LONDON"}.
 *
 * <p>It strips channel prefixes (POS, card payment, direct debit, contactless, …), masked card
 * numbers, dates, times, reference and store numbers, and trailing country codes; it keeps the
 * merchant words. Stateless and thread-safe.
 */
public final class Merchants {

  private static final Pattern MASKED_CARD = Pattern.compile("(?i)(?:[*x]{2,}[\\s-]*)+\\d{2,4}\\b");
  private static final Pattern DATE = Pattern.compile(
      "\\b\\d{1,4}[./-]\\d{1,2}(?:[./-]\\d{2,4})?\\b|\\b\\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\\d{0,4}\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME = Pattern.compile("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b");
  private static final Pattern HASH_NUMBER = Pattern.compile("#\\s*\\d+");
  private static final Pattern TOKEN_WITH_DIGITS = Pattern.compile("\\b\\S*\\d\\S*\\b");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}&' ]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Set<String> NOISE = Set.of(
      "POS", "VIS", "VISA", "DEBIT", "CREDIT", "CARD", "PAYMENT", "PURCHASE", "PUR", "TO", "FROM",
      "DD", "SO", "BGC", "FPI", "FPO", "TFR", "TRANSFER", "CONTACTLESS", "CNP", "ONLINE", "REF",
      "DIRECT", "STANDING", "ORDER", "FASTER", "PAYMENTS", "RECEIVED", "SENT", "APPLE", "PAY",
      "GOOGLE", "MASTERCARD", "MC", "CHIP", "PIN", "ACH", "WITHDRAWAL", "DEPOSIT", "TRANSACTION",
      "TXN", "AUTH", "PENDING", "INT'L", "INTL", "FEE", "BILL", "SEPA", "LASTSCHRIFT",
      "ON", "AT", "VIA", "WWW", "KARTENZAHLUNG", "UBERWEISUNG", "ÜBERWEISUNG", "COMPRA", "PAGO", "TARJETA", "RECIBO");
  private static final Set<String> COUNTRY = Set.of(
      "GB", "GBR", "UK", "US", "USA", "DE", "DEU", "FR", "ES", "IE", "NL", "IT", "BE", "AT", "CH",
      "LU", "PT", "SE", "DK", "NO", "FI", "PL", "CA", "AU", "ZA", "ZAF");

  private Merchants() {}

  /**
   * The merchant key of a description.
   *
   * @param description the raw bank description
   * @return upper-case merchant words, or the upper-cased trimmed description when nothing is left
   */
  public static String normalize(String description) {
    String s = description.toUpperCase(Locale.ROOT);
    s = MASKED_CARD.matcher(s).replaceAll(" ");
    s = TIME.matcher(s).replaceAll(" ");
    s = DATE.matcher(s).replaceAll(" ");
    s = HASH_NUMBER.matcher(s).replaceAll(" ");
    s = TOKEN_WITH_DIGITS.matcher(s).replaceAll(" ");
    s = NON_WORD.matcher(s).replaceAll(" ");
    String[] words = SPACES.split(s.trim());
    StringBuilder out = new StringBuilder();
    int kept = 0;
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (w.isEmpty() || NOISE.contains(w)) {
        continue;
      }
      if (i == words.length - 1 && kept > 0 && COUNTRY.contains(w)) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(w);
      kept++;
    }
    if (out.length() == 0) {
      return SPACES.matcher(description.trim()).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
    return out.toString();
  }
}
