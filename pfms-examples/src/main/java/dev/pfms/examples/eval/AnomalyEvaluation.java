package dev.pfms.examples.eval;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates the anomaly detectors on {@code sample_data}: each detector is fitted on the whole
 * history (unsupervised) and scores it; the injected anomalies of {@code truth.csv} are the
 * positives. Prints precision and recall at each detector's own threshold, PR-AUC (average
 * precision over the ranking) and recall per kind of anomaly, with and without the true categories
 * (which stand in for a categorizer's output).
 *
 * <p>Usage: {@code AnomalyEvaluation [sample_data-dir]}.
 */
public final class AnomalyEvaluation {

  private AnomalyEvaluation() {}

  /**
   * Runs the evaluation.
   *
   * @param args optional sample directory
   * @throws Exception on I/O errors
   */
  public static void main(String[] args) throws Exception {
    Path dir = SampleData.dir(args);
    List<SampleData.Row> rows = SampleData.read(dir);
    long positives = rows.stream().filter(SampleData.Row::anomaly).count();
    System.out.printf(Locale.ROOT, "Anomaly detection on %s: %d transactions, %d injected anomalies%n%n", dir,
        rows.size(), positives);
    System.out.printf(Locale.ROOT, "| detector | categories | flagged | precision | recall | PR-AUC | P@%d | fit+score ms |%n",
        positives);
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    Map<String, Map<String, double[]>> perKind = new TreeMap<>();
    for (boolean withCat : new boolean[] {true, false}) {
      for (String name : List.of("robust-zscore", "isolation-forest")) {
        List<Transaction> txs = SampleData.transactions(rows, withCat);
        AnomalyDetector d = Pfms.anomalyDetector(name, ProviderConfig.empty());
        long t0 = System.nanoTime();
        List<AnomalyScore> scores = d.fitAndScore(txs).scores();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < rows.size(); i++) {
          if (scores.get(i).flagged()) {
            if (rows.get(i).anomaly()) {
              tp++;
            } else {
              fp++;
            }
          }
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = (double) tp / positives;
        Integer[] order = ranking(scores);
        double ap = averagePrecision(order, rows, positives);
        int atK = 0;
        for (int k = 0; k < positives; k++) {
          if (rows.get(order[k]).anomaly()) {
            atK++;
          }
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.3f | %.2f | %d |%n", name,
            withCat ? "true" : "none", tp + fp, precision, recall, ap, (double) atK / positives, ms);
        if (withCat) {
          for (int i = 0; i < rows.size(); i++) {
            SampleData.Row r = rows.get(i);
            if (r.anomaly()) {
              double[] c = perKind.computeIfAbsent(r.anomalyReason(), k -> new TreeMap<>()).computeIfAbsent(name,
                  k -> new double[2]);
              c[1]++;
              if (scores.get(i).flagged()) {
                c[0]++;
              }
            }
          }
        }
        if (withCat && name.equals("isolation-forest")) {
          examples = new ArrayList<>();
          for (int k = 0; k < 5; k++) {
            AnomalyScore s = scores.get(order[k]);
            examples.add(String.format(Locale.ROOT, "  %.3f %s %s: %s", s.score(),
                rows.get(order[k]).anomaly() ? "[injected " + rows.get(order[k]).anomalyReason() + "]" : "[ordinary]",
                rows.get(order[k]).transaction().provenance(), s.reasons()));
          }
        }
      }
    }
    System.out.println();
    System.out.println("Recall by kind of injected anomaly (true categories):");
    System.out.println();
    System.out.println("| kind | count | robust-zscore | isolation-forest |");
    System.out.println("|---|---:|---:|---:|");
    perKind.forEach((kind, m) -> System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", kind,
        (int) m.get("robust-zscore")[1], m.get("robust-zscore")[0], m.get("isolation-forest")[0]));
    System.out.println();
    System.out.println("Top isolation-forest flags with their reasons:");
    examples.forEach(System.out::println);
  }

  private static List<String> examples = List.of();

  private static Integer[] ranking(List<AnomalyScore> scores) {
    Integer[] order = new Integer[scores.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores.get(i).score()));
    return order;
  }

  /** Average precision: the mean of precision at the rank of each positive (area under the PR curve). */
  static double averagePrecision(Integer[] order, List<SampleData.Row> rows, long positives) {
    double sum = 0;
    int hits = 0;
    for (int k = 0; k < order.length; k++) {
      if (rows.get(order[k]).anomaly()) {
        hits++;
        sum += (double) hits / (k + 1);
      }
    }
    return positives == 0 ? 0 : sum / positives;
  }
}
