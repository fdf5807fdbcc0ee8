package dev.pfms.examples.eval;

import dev.pfms.api.model.Transaction;
import dev.pfms.core.recurring.PriceChange;
import dev.pfms.core.recurring.RecurringDetector;
import dev.pfms.core.recurring.RecurringSeries;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates recurring-series detection on {@code sample_data}. A detected series matches a true
 * series when more than half of its transactions belong to that series and it covers more than
 * half of the series (Jaccard-like majority both ways). Prints series-level precision and recall,
 * transaction-level precision and recall of "is recurring", and each detected series with cadence,
 * next date and amount, price changes and stopped status.
 *
 * <p>Usage: {@code RecurringEvaluation [sample_data-dir]}.
 */
public final class RecurringEvaluation {

  private RecurringEvaluation() {}

  /**
   * Runs the evaluation.
   *
   * @param args optional sample directory
   * @throws Exception on I/O errors
   */
  public static void main(String[] args) throws Exception {
    Path dir = SampleData.dir(args);
    List<SampleData.Row> rows = SampleData.read(dir);
    List<Transaction> txs = SampleData.transactions(rows, false);
    Map<String, String> seriesOf = new HashMap<>();
    Map<String, Integer> trueSize = new TreeMap<>();
    for (SampleData.Row r : rows) {
      seriesOf.put(r.transaction().id(), r.series());
      if (!r.series().isEmpty()) {
        trueSize.merge(r.series(), 1, Integer::sum);
      }
    }
    long t0 = System.nanoTime();
    List<RecurringSeries> found = RecurringDetector.defaults().detect(txs);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Set<String> matchedTruth = new HashSet<>();
    int matched = 0;
    int txTp = 0;
    int txFp = 0;
    Map<RecurringSeries, String> label = new LinkedHashMap<>();
    for (RecurringSeries s : found) {
      Map<String, Integer> votes = new HashMap<>();
      for (Transaction t : s.transactions()) {
        votes.merge(seriesOf.getOrDefault(t.id(), ""), 1, Integer::sum);
        if (seriesOf.getOrDefault(t.id(), "").isEmpty()) {
          txFp++;
        } else {
          txTp++;
        }
      }
      Map.Entry<String, Integer> best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      boolean ok = !best.getKey().isEmpty() && best.getValue() * 2 > s.transactions().size()
          && best.getValue() * 2 > trueSize.get(best.getKey()) && !matchedTruth.contains(best.getKey());
      if (ok) {
        matched++;
        matchedTruth.add(best.getKey());
      }
      label.put(s, ok ? best.getKey() : "(no match: " + best.getKey() + ")");
    }
    int trueTx = trueSize.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT, "Recurring series on %s: %d transactions, %d true series (%d transactions)%n%n",
        dir, rows.size(), trueSize.size(), trueTx);
    System.out.println("| level | detected | correct | precision | recall |");
    System.out.println("|---|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| series | %d | %d | %.2f | %.2f |%n", found.size(), matched,
        found.isEmpty() ? 0 : (double) matched / found.size(), (double) matched / trueSize.size());
    System.out.printf(Locale.ROOT, "| transactions | %d | %d | %.3f | %.3f |%n", txTp + txFp, txTp,
        txTp + txFp == 0 ? 0 : (double) txTp / (txTp + txFp), (double) txTp / trueTx);
    System.out.printf(Locale.ROOT, "%nDetection took %d ms. Missed true series: %s%n%n", ms,
        trueSize.keySet().stream().filter(k -> !matchedTruth.contains(k)).toList());
    System.out.println("| truth | account | payee | cadence | n | next | expected | status | price changes |");
    System.out.println("|---|---|---|---|---:|---|---:|---|---|");
    for (Map.Entry<RecurringSeries, String> e : label.entrySet()) {
      RecurringSeries s = e.getKey();
      StringBuilder pc = new StringBuilder();
      for (PriceChange c : s.priceChanges()) {
        pc.append(c.date()).append(' ').append(c.from().amount()).append("→").append(c.to().amount()).append(' ');
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s |%n", e.getValue(), s.account(),
          s.merchant(), s.cadence(), s.transactions().size(), s.expectedNext(), s.expectedAmount().amount(),
          s.stopped() ? "stopped" : (s.fixedAmount() ? "active" : "active (variable)"), pc.toString().trim());
    }
  }
}
