package dev.pfms.core.ingest.internal;

import java.util.Locale;

/**
 * Account identifiers as pfms keeps them: numbers (IBANs, card and account numbers) are masked to
 * their last four digits, {@code ****1234}; names such as {@code Checking} are kept. Stateless.
 */
public final class Accounts {

  private Accounts() {}

  /**
   * Masks an account identifier when it carries a number.
   *
   * @param raw the identifier from the file or the configuration
   * @return {@code ****} and the last four digits when it has five or more digits, else the trimmed
   *     identifier; {@code null} when blank
   */
  public static String mask(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.strip();
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        digits++;
      }
    }
    if (digits >= 5) {
      StringBuilder last = new StringBuilder(4);
      for (int i = s.length() - 1; i >= 0 && last.length() < 4; i--) {
        if (Character.isDigit(s.charAt(i))) {
          last.append(s.charAt(i));
        }
      }
      return "****" + last.reverse();
    }
    if (s.startsWith("*") || s.toUpperCase(Locale.ROOT).startsWith("XX")) {
      // already masked by the bank, e.g. "**** 1234"
      StringBuilder last = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        if (Character.isDigit(s.charAt(i))) {
          last.append(s.charAt(i));
        }
      }
      return last.length() > 0 ? "****" + last : s;
    }
    if (digits == 4 && s.length() == 4) {
      return "****" + s; // "Card No." columns that hold the last four digits
    }
    return s;
  }

  /** The account of transactions whose file and configuration name none. */
  public static final String UNKNOWN = "default";

  /**
   * The account to use: the file's, else the configured one, else {@value #UNKNOWN}. Never derived
   * from the file name: a name such as {@code export-20240101-0021.csv} says nothing about the
   * account, and digits taken from it would merge unrelated files.
   *
   * @param fromFile the identifier in the file, or null
   * @param configured the configured account, or null
   * @param sourceName the source name (not used for the account; kept for callers)
   * @return the masked account, never null
   */
  public static String choose(String fromFile, String configured, String sourceName) {
    String m = mask(fromFile);
    if (m != null) {
      return m;
    }
    m = mask(configured);
    return m == null ? UNKNOWN : m;
  }
}
