package dev.pfms.examples.cli;

import dev.pfms.api.model.Purpose;
import dev.pfms.examples.support.LocalConsent;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.ModelRecord;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.examples.support.Services;
import dev.pfms.store.ModelArchives;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a categorizer on the user's decisions and promotes it only when it is not worse. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = "Train a categorizer on every user decision in the store (labelled imports, corrections,"
        + " confirmations), register it, and make it active only if its held-out accuracy and macro-F1 are"
        + " not worse than the active model's on the same held-out rows.")
final class RetrainCommand implements Callable<Integer> {

  /** Below this many user labels the synthetic bootstrap set is added. */
  static final int MIN_USER_LABELS = 200;

  @Mixin StoreOption store;

  @Mixin ConsentOption consent;

  @Option(names = "--categorizer", description = "categorizer provider (default: the preferred installed one)")
  String categorizerName;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    try (ConsentOption.Consented c = consent.ensure(List.of(Purpose.STORAGE, Purpose.CATEGORIZATION),
        "to train a categorizer on your decisions in the store", err); Store s = store.open(c.keys().protector())) {
      Map<String, Transaction> labelled = new LinkedHashMap<>();
      for (StoredTransaction t : s.transactions()) {
        if (t.categorySource() == CategorySource.USER) {
          labelled.put(t.id(), t.transaction());
        }
      }
      for (Transaction t : s.corrections().asTrainingExamples()) {
        labelled.putIfAbsent(t.id(), t);
      }
      int user = labelled.size();
      List<Transaction> all = new ArrayList<>(labelled.values());
      if (user < MIN_USER_LABELS) {
        err.println("[pfms] " + user + " user labels: adding 12 months of synthetic labelled data");
        all.addAll(Services.bootstrapTrainingSet());
      }
      List<Transaction> train = new ArrayList<>();
      List<Transaction> heldOut = new ArrayList<>();
      for (Transaction t : all) {
        (Math.floorMod(t.id().hashCode(), 5) == 0 ? heldOut : train).add(t);
      }
      Services.Named<Categorizer> named = Services.categorizer(categorizerName, s.payeeMap(false));
      // every step, training, saving and categorizing included, checks the user's consent first
      Services.Named<Categorizer> cat = new Services.Named<>(named.name(),
          c.guard().categorizer(named.service(), LocalConsent.SUBJECT));
      err.println("[pfms] training " + cat.name() + " on " + train.size() + " rows (" + heldOut.size() + " held out)");
      cat.service().train(train);
      Map<String, Double> fresh = metrics(cat.service(), heldOut);
      Optional<ModelSupport.Loaded> active = ModelSupport.active(s, c.keys());
      Map<String, Double> current = active.isPresent()
          ? metrics(c.guard().categorizer(active.get().categorizer(), LocalConsent.SUBJECT), heldOut) : Map.of();

      ModelRecord rec = ModelSupport.register(s, cat.service(), c.keys());
      out.printf("trained %s (%s) on %d rows, %d of them the user's: held-out accuracy %.3f, macro-F1 %.3f%n",
          rec.label(), cat.name(), train.size(), user, fresh.get("accuracy"), fresh.get("macroF1"));
      if (active.isPresent()) {
        out.printf("active  %s on the same held-out rows: accuracy %.3f, macro-F1 %.3f%n", active.get().record().label(),
            current.get("accuracy"), current.get("macroF1"));
      }
      boolean notWorse = current.isEmpty() || (fresh.get("accuracy") >= current.get("accuracy")
          && fresh.get("macroF1") >= current.get("macroF1"));
      if (!notWorse) {
        out.println("kept " + active.get().record().label() + " active: the new model is worse on held-out rows");
        return 0;
      }
      c.require(Purpose.STORAGE);
      s.promote(ModelSupport.CATEGORIZER, rec.version(), fresh, Instant.now());
      ModelSupport.Loaded loaded = new ModelSupport.Loaded(s.model(rec.name(), rec.version()).orElseThrow(), cat.service());
      Map<String, Category> cats = new HashMap<>();
      List<Transaction> todo = s.transactions().stream().filter(t -> t.categorySource() != CategorySource.USER)
          .map(StoredTransaction::transaction).toList();
      List<Prediction> ps = cat.service().categorizeAll(todo);
      for (int i = 0; i < todo.size(); i++) {
        cats.put(todo.get(i).id(), ps.get(i).category());
      }
      int n = todo.isEmpty() ? 0 : s.categorize(cats, CategorySource.MODEL, loaded.record().label());
      out.printf("promoted %s; re-categorized %d transactions (user decisions untouched)%n", rec.label(), n);
    }
    return 0;
  }

  /** Accuracy and macro-F1 of a categorizer on labelled rows. */
  static Map<String, Double> metrics(Categorizer c, List<Transaction> rows) {
    if (rows.isEmpty()) {
      return Map.of("accuracy", 0.0, "macroF1", 0.0);
    }
    List<Prediction> ps = c.categorizeAll(rows);
    Map<Category, int[]> counts = new HashMap<>(); // tp, fp, fn
    Set<Category> labels = new HashSet<>();
    int right = 0;
    for (int i = 0; i < rows.size(); i++) {
      Category truth = rows.get(i).category();
      Category got = ps.get(i).category();
      labels.add(truth);
      if (truth.equals(got)) {
        right++;
        counts.computeIfAbsent(truth, k -> new int[3])[0]++;
      } else {
        counts.computeIfAbsent(got, k -> new int[3])[1]++;
        counts.computeIfAbsent(truth, k -> new int[3])[2]++;
      }
    }
    double f1 = 0;
    for (Category l : labels) {
      int[] k = counts.getOrDefault(l, new int[3]);
      double denom = 2.0 * k[0] + k[1] + k[2];
      f1 += denom == 0 ? 0 : 2.0 * k[0] / denom;
    }
    return Map.of("accuracy", (double) right / rows.size(), "macroF1", f1 / labels.size());
  }
}
