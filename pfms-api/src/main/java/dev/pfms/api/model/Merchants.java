package dev.pfms.api.model;

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
      "DIRECT", "STANDING", "ORDER", "FASTER", "PAYMENTS", "RECEIVED", "SENT", "PAY",
      "MASTERCARD", "MC", "CHIP", "PIN", "ACH", "WITHDRAWAL", "DEPOSIT", "TRANSACTION",
      "TXN", "AUTH", "PENDING", "INT'L", "INTL", "FEE", "SEPA", "LASTSCHRIFT",
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
    String fast = fastPath(description);
    if (fast != null) {
      return fast;
    }
    String s = description.toUpperCase(Locale.ROOT);
    // Each pass runs only when its pattern could match: same result, a fraction of the cost on the
    // ingest hot path (most descriptions have no time, no '#', no masked card).
    boolean digit = false;
    boolean maskPair = false;
    boolean colon = false;
    boolean hash = false;
    boolean nonWord = false;
    char prev = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == ':') {
        colon = true;
      } else if (c == '#') {
        hash = true;
      }
      if ((c == '*' || c == 'X' || c == 'x') && (prev == '*' || prev == 'X' || prev == 'x')) {
        maskPair = true;
      }
      if (!nonWord && !(c == ' ' || c == '&' || c == '\'' || Character.isLetter(c) || isNumber(c))) {
        nonWord = true; // a character NON_WORD would replace
      }
      prev = c;
    }
    if (maskPair && digit) {
      s = MASKED_CARD.matcher(s).replaceAll(" ");
    }
    if (colon && digit) {
      s = TIME.matcher(s).replaceAll(" ");
    }
    if (digit) {
      s = DATE.matcher(s).replaceAll(" ");
    }
    if (hash && digit) {
      s = HASH_NUMBER.matcher(s).replaceAll(" ");
    }
    if (digit) {
      s = TOKEN_WITH_DIGITS.matcher(s).replaceAll(" ");
    }
    if (nonWord || digit) {
      s = NON_WORD.matcher(s).replaceAll(" ");
    }
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

  /**
   * The same result as the passes below, computed in one scan, for the common shape of bank
   * descriptions: printable ASCII, single-space separated tokens that are either words, purely
   * alphanumeric tokens with digits (dropped), or masked card numbers such as {@code ****1234}
   * (dropped); no time, no {@code #}. Anything else returns {@code null} and takes the regex path.
   */
  private static String fastPath(String d) {
    int n = d.length();
    if (n == 0 || n > 200) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char c = d.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ':' || c == '#') {
        return null;
      }
    }
    int[] words = new int[n + 2]; // [from, to) of each word, in order
    int size = 0;
    int i = 0;
    char prevLast = ' ';
    while (i < n) {
      while (i < n && d.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int st = i;
      boolean digit = false;
      boolean alnum = true;
      boolean stars = true;
      int starCount = 0;
      boolean maskChars = false;
      while (i < n && d.charAt(i) != ' ') {
        char c = d.charAt(i);
        boolean isDigit = c >= '0' && c <= '9';
        boolean isLetter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
        digit |= isDigit;
        alnum &= isDigit || isLetter;
        if (c == '*') {
          if (!stars || digitSeen(d, st, i)) {
            stars = false;
          }
          starCount++;
        } else if (!isDigit) {
          stars = false;
        }
        if ((c == '*' || c == 'X' || c == 'x') && i > st) {
          char p = d.charAt(i - 1);
          if (p == '*' || p == 'X' || p == 'x') {
            maskChars = true;
          }
        }
        i++;
      }
      boolean maskedCard = stars && starCount >= 2 && digit && d.charAt(st) == '*';
      if (maskedCard) {
        if (prevLast == 'X' || prevLast == 'x' || prevLast == '*' || prevLast == '-') {
          return null; // the mask pattern could reach into the previous token
        }
      } else if (maskChars) {
        return null;
      } else if (digit) {
        if (!alnum) {
          return null; // dates, references with punctuation: regex path
        }
      } else {
        // a word: NON_WORD splits it on anything but letters, '&' and '\''
        int ws = -1;
        for (int k = st; k <= i; k++) {
          char c = k < i ? d.charAt(k) : ' ';
          boolean keep = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '&' || c == '\'';
          if (keep && ws < 0) {
            ws = k;
          } else if (!keep && ws >= 0) {
            words[size++] = ws;
            words[size++] = k;
            ws = -1;
          }
        }
      }
      prevLast = d.charAt(i - 1);
    }
    char[] out = new char[n];
    int len = 0;
    int kept = 0;
    for (int k = 0; k < size; k += 2) {
      int from = words[k];
      int to = words[k + 1];
      if (contains(NOISE_SLOTS, d, from, to)) {
        continue;
      }
      if (k == size - 2 && kept > 0 && contains(COUNTRY_SLOTS, d, from, to)) {
        continue;
      }
      if (len > 0) {
        out[len++] = ' ';
      }
      for (int c = from; c < to; c++) {
        out[len++] = upper(d.charAt(c));
      }
      kept++;
    }
    if (len == 0) {
      StringBuilder t = new StringBuilder(n);
      boolean space = false;
      for (int k = 0; k < n; k++) {
        char c = d.charAt(k);
        if (c == ' ') {
          space = t.length() > 0;
        } else {
          if (space) {
            t.append(' ');
            space = false;
          }
          t.append(c);
        }
      }
      return t.toString().toUpperCase(Locale.ROOT);
    }
    return new String(out, 0, len);
  }

  /** The noise and country words by their characters (open addressing, at most half full). */
  private static final String[] NOISE_SLOTS = table(NOISE);
  private static final String[] COUNTRY_SLOTS = table(COUNTRY);

  private static String[] table(Set<String> words) {
    String[] t = new String[Integer.highestOneBit(words.size() * 2) << 1];
    for (String w : words) {
      int i = slot(w.hashCode(), t.length);
      while (t[i] != null) {
        i = (i + 1) & (t.length - 1);
      }
      t[i] = w;
    }
    return t;
  }

  private static int slot(int h, int n) {
    return (h ^ (h >>> 16)) & (n - 1);
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }

  /**
   * {@code set.contains(d.substring(from, to).toUpperCase(Locale.ROOT))} for printable ASCII, without
   * making the string: the upper-cased characters' {@link String#hashCode} picks the slot.
   */
  private static boolean contains(String[] t, String d, int from, int to) {
    int h = 0;
    for (int k = from; k < to; k++) {
      h = 31 * h + upper(d.charAt(k));
    }
    int len = to - from;
    for (int i = slot(h, t.length);; i = (i + 1) & (t.length - 1)) {
      String w = t[i];
      if (w == null) {
        return false;
      }
      if (w.length() == len && w.hashCode() == h) {
        boolean same = true;
        for (int k = 0; k < len && same; k++) {
          same = w.charAt(k) == upper(d.charAt(from + k));
        }
        if (same) {
          return true;
        }
      }
    }
  }

  private static boolean digitSeen(String d, int from, int to) {
    for (int k = from; k < to; k++) {
      if (d.charAt(k) >= '0' && d.charAt(k) <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean isNumber(char c) {
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /**
   * The merchant key computed with every pass applied unconditionally: the reference that
   * {@link #normalize} must equal (tests compare the two).
   *
   * @param description the raw bank description
   * @return the merchant key
   */
  static String normalizeReference(String description) {
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
