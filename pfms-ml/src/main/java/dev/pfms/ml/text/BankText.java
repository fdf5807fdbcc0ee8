package dev.pfms.ml.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalizes a raw bank description into lower-case word tokens for text features.
 *
 * <p>Unlike {@link dev.pfms.api.model.Merchants#normalize(String)}, which keeps only the merchant
 * name, this keeps the channel and fee words too ({@code fee}, {@code debit}, {@code transfer},
 * {@code interest}): they are what tells "Bank Charges" from "Groceries". It removes what never
 * generalizes: masked card numbers, dates ({@code 07 Oct}, {@code 2023-10-27}, {@code 27/10}),
 * times, store and reference numbers (any token with a digit), and pure punctuation; it splits
 * {@code Apple.Com/Bill} into {@code apple com bill} and drops a handful of words that carry no
 * signal in any bank's format ({@code card no}, {@code pty}, {@code ltd}). Stateless and thread-safe.
 */
public final class BankText {

  private static final Pattern MASKED_CARD = Pattern.compile("(?:[*xX]{2,}[\\s-]*)+\\d{2,4}\\b");
  private static final Pattern DATE = Pattern.compile(
      "\\b\\d{1,4}[./-]\\d{1,2}(?:[./-]\\d{2,4})?(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?)?\\b"
          + "|\\b\\d{1,2}\\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\b(?:\\s*\\d{2,4}\\b)?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME = Pattern.compile("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}&']+");
  private static final Set<String> STOP = Set.of(
      "no", "nr", "pty", "ltd", "plc", "inc", "llc", "gmbh", "the", "of", "and", "effec", "ref", "id");

  private BankText() {}

  /**
   * The tokens of a description, in order.
   *
   * @param description the raw description as the bank wrote it
   * @return lower-case tokens without digits; empty when nothing is left
   */
  public static List<String> tokens(String description) {
    String s = description;
    // each pattern needs an ASCII digit somewhere, and more (see mayMatch): most descriptions skip all three
    if (mayHaveMaskedCard(s)) {
      s = MASKED_CARD.matcher(s).replaceAll(" ");
    }
    if (mayHaveDate(s)) {
      s = DATE.matcher(s).replaceAll(" ");
    }
    if (mayHaveTime(s)) {
      s = TIME.matcher(s).replaceAll(" ");
    }
    s = s.toLowerCase(Locale.ROOT);
    // the runs of [\p{L}\p{N}&'] (what SEPARATORS.split leaves), scanned by code point
    List<String> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && !isWordChar(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < n && isWordChar(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        String w = s.substring(start, i);
        if (STOP.contains(w) || hasDigit(w)) {
          continue;
        }
        String t = trimApostrophes(w);
        if (t.length() >= 2) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The reference tokenizer (every pattern, then a regex split), which {@link #tokens} must equal. */
  static List<String> tokensByRegex(String description) {
    String s = MASKED_CARD.matcher(description).replaceAll(" ");
    s = DATE.matcher(s).replaceAll(" ");
    s = TIME.matcher(s).replaceAll(" ");
    s = s.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : SEPARATORS.split(s)) {
      if (w.isEmpty() || STOP.contains(w) || hasDigit(w)) {
        continue;
      }
      String t = trimApostrophes(w);
      if (t.length() >= 2) {
        out.add(t);
      }
    }
    return out;
  }

  /** {@code [\p{L}\p{N}&']}: what {@link #SEPARATORS} does not match. */
  private static boolean isWordChar(int cp) {
    if (cp < 128) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '&'
          || cp == '\'';
    }
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static boolean asciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * False only when {@link #MASKED_CARD} cannot match: a match holds two adjacent {@code [*xX]} and,
   * after them, an ASCII digit.
   */
  static boolean mayHaveMaskedCard(String s) {
    for (int i = 0; i + 1 < s.length(); i++) {
      if (mask(s.charAt(i)) && mask(s.charAt(i + 1))) {
        for (int j = i + 2; j < s.length(); j++) {
          if (asciiDigit(s.charAt(j))) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  private static boolean mask(char c) {
    return c == '*' || c == 'x' || c == 'X';
  }

  /**
   * False only when {@link #DATE} cannot match: a match starts with an ASCII digit followed either by
   * more digits then {@code [./-]}, or by ASCII white space then the first letter of a month.
   */
  static boolean mayHaveDate(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (!asciiDigit(s.charAt(i))) {
        continue;
      }
      int j = i;
      while (j < n && asciiDigit(s.charAt(j))) {
        j++;
      }
      if (j < n) {
        char c = s.charAt(j);
        if (c == '.' || c == '/' || c == '-') {
          return true;
        }
        while (j < n && asciiSpace(s.charAt(j))) {
          j++;
        }
        if (j < n && "jfmasondJFMASOND".indexOf(s.charAt(j)) >= 0) {
          return true;
        }
      }
      i = j - 1;
    }
    return false;
  }

  private static boolean asciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** False only when {@link #TIME} cannot match: a match holds an ASCII digit right before a colon. */
  static boolean mayHaveTime(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == ':' && asciiDigit(s.charAt(i - 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text to embed for a description: {@link #normalize(String)}, or, when that is empty (a description
   * of short words, stop words and numbers only, such as {@code B AND Q ****2864}), the description in
   * lower case without masked card numbers, digits and repeated spaces, so that the same merchant with
   * another card number is the same text; the lower-cased description when nothing else is left.
   *
   * @param description the raw description
   * @param tokens its {@link #tokens(String)}
   * @return the text, never empty unless the description is blank
   */
  public static String embeddingText(String description, List<String> tokens) {
    if (!tokens.isEmpty()) {
      return String.join(" ", tokens);
    }
    String s = (mayHaveMaskedCard(description) ? MASKED_CARD.matcher(description).replaceAll(" ") : description)
        .toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(s.length());
    boolean gap = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isDigit(ch) || Character.isWhitespace(ch) || ch == '*') {
        gap = true;
      } else {
        if (gap && b.length() > 0) {
          b.append(' ');
        }
        gap = false;
        b.append(ch);
      }
    }
    return b.length() > 0 ? b.toString() : description.toLowerCase(Locale.ROOT).trim();
  }

  /**
   * The normalized description: {@link #tokens(String)} joined by single spaces.
   *
   * @param description the raw description
   * @return the normalized text, possibly empty
   */
  public static String normalize(String description) {
    return String.join(" ", tokens(description));
  }

  private static boolean hasDigit(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isDigit(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String trimApostrophes(String w) {
    int a = 0;
    int b = w.length();
    while (a < b && w.charAt(a) == '\'') {
      a++;
    }
    while (b > a && w.charAt(b - 1) == '\'') {
      b--;
    }
    return w.substring(a, b);
  }
}
