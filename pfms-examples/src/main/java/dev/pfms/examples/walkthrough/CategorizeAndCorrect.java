package dev.pfms.examples.walkthrough;

import dev.pfms.api.Pfms;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.core.sample.SampleTruth;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ingest a bank export, train a categorizer, categorize, correct one mistake and retrain.
 *
 * <pre>{@code java ... dev.pfms.examples.walkthrough.CategorizeAndCorrect [sample_data/transactions.csv]}</pre>
 */
public final class CategorizeAndCorrect {

  private CategorizeAndCorrect() {}

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
    // 1. Ingest: pfms picks the installed ingestor that recognizes the file (csv, ofx, qif, camt053, mt940).
    IngestSource source = IngestSource.of(file);
    IngestReport report = Pfms.ingestorFor(source).ingest(source);
    List<Transaction> txs = report.transactions();
    out.printf("1. ingested %d transactions from %s as %s (%d problems)%n", txs.size(), report.source(),
        report.format(), report.problems().size());

    // 2. The preferred categorizer that can run here (embedding-gbm needs optional DJL artifacts).
    Categorizer categorizer = null;
    List<CategorizerProvider> providers = new ArrayList<>(Pfms.registry().all(CategorizerProvider.class));
    providers.sort(Comparator.comparingInt(CategorizerProvider::priority).reversed());
    for (CategorizerProvider p : providers) {
      try {
        categorizer = Pfms.categorizer(p.name(), ProviderConfig.empty());
        out.printf("2. categorizer: %s (installed: %s)%n", p.name(), Pfms.available(CategorizerProvider.class));
        break;
      } catch (PfmsException e) {
        out.printf("   %s is installed but cannot run here: %s%n", p.name(), e.getClass().getSimpleName());
      }
    }

    // 3. Train: on the true labels of the first half when truth.csv is beside the file, else on
    //    generated sample data (a stand-in for a user's labelled past).
    Path truthFile = file.toAbsolutePath().resolveSibling("truth.csv");
    SampleTruth truth = Files.isRegularFile(truthFile) ? SampleTruth.read(truthFile) : null;
    List<Transaction> train = new ArrayList<>();
    List<Transaction> test = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      Transaction t = txs.get(i);
      if (truth != null && i < txs.size() / 2) {
        truth.of(t).ifPresent(row -> train.add(t.withCategory(row.category())));
      } else {
        test.add(t);
      }
    }
    if (train.isEmpty()) {
      SampleGenerator.builder().seed(1).months(12).build().generate().stream().map(SampleRow::transaction)
          .forEach(train::add);
    }
    ModelMetadata trained = categorizer.train(train);
    out.printf("3. trained %s on %d labelled transactions%n", trained.provider(), trained.trainingSize());

    // 4. Categorize the rest; every prediction has a confidence, alternatives and an explanation.
    List<Prediction> predictions = categorizer.categorizeAll(test);
    long review = predictions.stream().filter(Prediction::needsReview).count();
    out.printf("4. categorized %d transactions, %d need review%s%n", test.size(), review,
        truth == null ? "" : String.format(", %.1f%% match the truth", 100 * accuracy(test, predictions, truth)));
    Prediction p0 = predictions.get(0);
    out.printf("   e.g. %s -> %s (%.0f%%) because %s%n", test.get(0).description(), p0.category().code(),
        p0.confidence() * 100, p0.explanation().isEmpty() ? "-" : p0.explanation().get(0));

    // 5. Correct one mistake (or, without truth, one that needs review): the categorizer learns at once.
    int k = mistakeToCorrect(test, predictions, truth);
    Transaction mistake = test.get(k);
    Category right = truth != null ? truth.of(mistake).orElseThrow().category()
        : predictions.get(k).alternatives().isEmpty() ? Category.of("GENERAL_MERCHANDISE_OTHER")
        : predictions.get(k).alternatives().get(0).category();
    List<Transaction> same = test.stream().filter(t -> t.merchant().equals(mistake.merchant())).toList();
    categorizer.correct(mistake, right);
    long fixed = categorizer.categorizeAll(same).stream().filter(p -> p.category().equals(right)).count();
    out.printf("5. corrected \"%s\" from %s to %s: now %d of %d transactions at %s are %s%n", mistake.description(),
        predictions.get(k).category().code(), right.code(), fixed, same.size(), mistake.merchant(), right.code());

    // 6. Retrain when the application decides to (here: now); corrections are part of the training.
    ModelMetadata retrained = categorizer.retrain();
    out.printf("6. retrained %s on %d transactions%s%n", retrained.provider(), retrained.trainingSize(),
        truth == null ? "" : String.format("; %.1f%% now match the truth",
            100 * accuracy(test, categorizer.categorizeAll(test), truth)));
  }

  /** The mistake whose merchant has the most transactions: the correction that teaches most. */
  private static int mistakeToCorrect(List<Transaction> test, List<Prediction> predictions, SampleTruth truth) {
    Map<String, Long> perMerchant = test.stream().collect(Collectors.groupingBy(Transaction::merchant,
        Collectors.counting()));
    int best = 0;
    long most = 0;
    for (int i = 0; i < test.size(); i++) {
      boolean mistake = truth != null ? wrong(test.get(i), predictions.get(i), truth) : predictions.get(i).needsReview();
      if (mistake && perMerchant.get(test.get(i).merchant()) > most) {
        best = i;
        most = perMerchant.get(test.get(i).merchant());
      }
    }
    return best;
  }

  private static boolean wrong(Transaction t, Prediction p, SampleTruth truth) {
    return truth.of(t).map(row -> !row.category().equals(p.category())).orElse(false);
  }

  private static double accuracy(List<Transaction> txs, List<Prediction> predictions, SampleTruth truth) {
    int right = 0;
    for (int i = 0; i < txs.size(); i++) {
      right += wrong(txs.get(i), predictions.get(i), truth) ? 0 : 1;
    }
    return (double) right / txs.size();
  }
}
