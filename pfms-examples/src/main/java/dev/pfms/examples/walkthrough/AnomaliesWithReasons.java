package dev.pfms.examples.walkthrough;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.core.sample.SampleTruth;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flag unusual transactions with every installed anomaly detector, and read the reasons.
 *
 * <pre>{@code java ... dev.pfms.examples.walkthrough.AnomaliesWithReasons [sample_data/transactions.csv]}</pre>
 */
public final class AnomaliesWithReasons {

  private AnomaliesWithReasons() {}

  /**
   * Runs the walkthrough.
   *
   * @param args the bank export (default {@code sample_data/transactions.csv})
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "sample_data/transactions.csv"), System.out);
  }

  static void run(Path file, PrintStream out) throws IOException {
    IngestSource source = IngestSource.of(file);
    IngestReport report = Pfms.ingestorFor(source).ingest(source);
    out.printf("ingested %d transactions from %s%n", report.transactions().size(), report.source());

    // Detectors compare a transaction with its merchant's and its category's history, so categorize
    // first: the core rules categorizer, bootstrapped on generated data, is enough for a demo.
    Categorizer rules = Pfms.categorizer("rules", ProviderConfig.empty());
    rules.train(SampleGenerator.builder().seed(1).months(12).build().generate().stream()
        .map(SampleRow::transaction).toList());
    List<Transaction> txs = new ArrayList<>();
    for (Transaction t : report.transactions()) {
      txs.add(t.withCategory(rules.categorize(t).category()));
    }

    // truth.csv beside the sample says which rows were injected as anomalies
    Path truthFile = file.toAbsolutePath().resolveSibling("truth.csv");
    SampleTruth truth = Files.isRegularFile(truthFile) ? SampleTruth.read(truthFile) : null;

    String preferred = Pfms.registry().preferred(AnomalyDetectorProvider.class).orElseThrow().name();
    List<AnomalyScore> shown = null;
    for (String name : Pfms.available(AnomalyDetectorProvider.class)) {
      AnomalyDetector detector = Pfms.anomalyDetector(name, ProviderConfig.empty());
      AnomalyModel model = detector.fit(txs); // learn what is usual for this person: an immutable model ...
      List<AnomalyScore> scores = model.score(txs); // ... that scores (here: the same history)
      long flagged = scores.stream().filter(AnomalyScore::flagged).count();
      out.printf("%-18s flagged %3d of %d", name, flagged, txs.size());
      if (truth != null) {
        long injected = txs.stream().filter(t -> truth.of(t).map(SampleTruth.Row::anomaly).orElse(false)).count();
        long hits = 0;
        for (int i = 0; i < txs.size(); i++) {
          if (scores.get(i).flagged() && truth.of(txs.get(i)).map(SampleTruth.Row::anomaly).orElse(false)) {
            hits++;
          }
        }
        out.printf("; %d of %d injected anomalies found, precision %.0f%%", hits, injected,
            flagged == 0 ? 0.0 : 100.0 * hits / flagged);
      }
      out.println();
      if (name.equals(preferred)) {
        shown = scores;
      }
    }

    out.printf("%nmost unusual, by %s (the preferred detector):%n", preferred);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      order.add(i);
    }
    List<AnomalyScore> scores = shown;
    order.sort(Comparator.comparingDouble((Integer i) -> scores.get(i).score()).reversed());
    for (int i : order.subList(0, Math.min(8, order.size()))) {
      Transaction t = txs.get(i);
      out.printf("  %s %10s  %-32s score %.2f%n", t.bookingDate(), t.amount(), t.description(), scores.get(i).score());
      for (String reason : scores.get(i).reasons()) {
        out.println("      because " + reason);
      }
    }
  }
}
