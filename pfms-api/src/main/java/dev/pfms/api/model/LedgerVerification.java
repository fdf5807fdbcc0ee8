package dev.pfms.api.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The result of checking a consent ledger end to end.
 *
 * @param valid true when every entry is intact and in place
 * @param entriesChecked how many entries were read
 * @param firstBadEntry the 0-based index of the first bad entry, or -1 when valid
 * @param problem what is wrong with it (edited, missing, reordered, bad signature, torn line), or
 *     an empty string when valid
 */
public record LedgerVerification(boolean valid, long entriesChecked, long firstBadEntry, String problem) {

  /** Validates the fields. */
  public LedgerVerification {
    Objects.requireNonNull(problem, "problem");
    if (valid != (firstBadEntry < 0)) {
      throw new IllegalArgumentException("a valid ledger has no bad entry, an invalid one has one");
    }
  }

  /**
   * A passing result.
   *
   * @param entries how many entries were checked
   * @return the result
   */
  public static LedgerVerification ok(long entries) {
    return new LedgerVerification(true, entries, -1, "");
  }

  /**
   * A failing result.
   *
   * @param entries how many entries were read
   * @param firstBad the first bad entry
   * @param problem what is wrong
   * @return the result
   */
  public static LedgerVerification failed(long entries, long firstBad, String problem) {
    return new LedgerVerification(false, entries, firstBad, problem);
  }

  /**
   * The first bad entry, if any.
   *
   * @return its index
   */
  public OptionalLong findFirstBadEntry() {
    return firstBadEntry < 0 ? OptionalLong.empty() : OptionalLong.of(firstBadEntry);
  }
}
