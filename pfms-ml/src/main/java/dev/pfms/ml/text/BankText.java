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
    String s = MASKED_CARD.matcher(description).replaceAll(" ").toLowerCase(Locale.ROOT);
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
