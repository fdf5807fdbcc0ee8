package dev.pfms.examples.cli;

import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Which months the spending table shows: the last three full calendar months the data covers, or
 * fewer when it covers fewer; when it covers no full month (a two-week statement), the partial months
 * it has, so the table is never empty.
 */
final class SpendingMonths {

  private static final int SHOWN = 3;

  private SpendingMonths() {}

  /**
   * The months to show, oldest first; never empty for a non-empty list.
   *
   * @param txs the transactions
   * @return one to three months
   */
  static List<YearMonth> of(List<Transaction> txs) {
    LocalDate min = txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow();
    LocalDate max = txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow();
    List<YearMonth> full = new ArrayList<>();
    for (YearMonth m = YearMonth.from(max); !m.isBefore(YearMonth.from(min)) && full.size() < SHOWN;
        m = m.minusMonths(1)) {
      if (!min.isAfter(m.atDay(1)) && !max.isBefore(m.atEndOfMonth())) {
        full.add(0, m);
      }
    }
    if (!full.isEmpty()) {
      return full;
    }
    List<YearMonth> partial = new ArrayList<>();
    for (YearMonth m = YearMonth.from(max); !m.isBefore(YearMonth.from(min)) && partial.size() < SHOWN;
        m = m.minusMonths(1)) {
      partial.add(0, m);
    }
    return partial;
  }

  /**
   * Whether the chosen months are full calendar months of data.
   *
   * @param txs the transactions
   * @param months the months from {@link #of}
   * @return true when every month is covered from its first to its last day
   */
  static boolean full(List<Transaction> txs, List<YearMonth> months) {
    LocalDate min = txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow();
    LocalDate max = txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow();
    return months.stream().allMatch(m -> !min.isAfter(m.atDay(1)) && !max.isBefore(m.atEndOfMonth()));
  }

  /**
   * The table's heading for the chosen months.
   *
   * @param txs the transactions
   * @param months the months from {@link #of}
   * @return e.g. "last 3 full months" or "the 1 partial month in the file"
   */
  static String describe(List<Transaction> txs, List<YearMonth> months) {
    int n = months.size();
    if (full(txs, months)) {
      return n == SHOWN ? "last 3 full months" : "the " + n + " full month" + (n == 1 ? "" : "s") + " in the file";
    }
    return "the " + n + " partial month" + (n == 1 ? "" : "s") + " in the file";
  }
}
