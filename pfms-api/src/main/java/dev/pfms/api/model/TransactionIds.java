package dev.pfms.api.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Stable transaction ids: the first 16 bytes of SHA-256 over account, booking date, amount,
 * normalized description and an occurrence counter, in lower-case hex.
 *
 * <p>The occurrence counter is the number of transactions with the same other four parts seen
 * before in the same source; {@link Occurrences} counts them while a source is read. Importing the
 * same file twice therefore yields the same ids, and two identical coffees on one day stay two.
 */
public final class TransactionIds {

  private TransactionIds() {}

  /**
   * The id of a transaction.
   *
   * @param account the account
   * @param bookingDate the booking date
   * @param amount the signed amount
   * @param description the raw description (normalized here)
   * @param occurrence how many identical transactions precede it in its source
   * @return 32 lower-case hex characters
   */
  public static String of(String account, LocalDate bookingDate, Money amount, String description,
      int occurrence) {
    String key = contentKey(account, bookingDate, amount, description) + '\u001f' + occurrence;
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /**
   * The two 64-bit halves of an id as {@link #of} makes it (32 lower-case hex digits), for compact
   * tables of ids: {@code out[0]} the first 16 digits, {@code out[1]} the last 16. Any other id (an
   * id a source supplied, say) is not parsed.
   *
   * @param id the id
   * @param out receives the halves (length at least 2)
   * @return true when parsed; false, with {@code out} untouched, for an id of any other shape
   */
  public static boolean halves(String id, long[] out) {
    return HexIds.parse(java.util.Objects.requireNonNull(id, "id"), out);
  }

  /**
   * The content key without the occurrence counter.
   *
   * @param account the account
   * @param bookingDate the booking date
   * @param amount the signed amount
   * @param description the raw description
   * @return a string key
   */
  public static String contentKey(String account, LocalDate bookingDate, Money amount,
      String description) {
    return account + '\u001f' + bookingDate + '\u001f' + amount.amount().stripTrailingZeros().toPlainString()
        + '\u001f' + amount.currency().getCurrencyCode() + '\u001f' + normalizeDescription(description);
  }

  /**
   * Upper-cases and folds white space, so formatting differences between exports don't change ids.
   *
   * @param description the raw description
   * @return the normalized description
   */
  public static String normalizeDescription(String description) {
    return description.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  /** Counts identical transactions within one source. Not thread-safe: one per source. */
  public static final class Occurrences {
    private final Map<String, Integer> seen = new HashMap<>();

    /** Creates an empty counter. */
    public Occurrences() {}

    /**
     * The occurrence index for the next transaction with this content, and counts it.
     *
     * @param account the account
     * @param bookingDate the booking date
     * @param amount the amount
     * @param description the raw description
     * @return 0 for the first, 1 for the second, …
     */
    public int next(String account, LocalDate bookingDate, Money amount, String description) {
      return seen.merge(contentKey(account, bookingDate, amount, description), 1, Integer::sum) - 1;
    }
  }
}
