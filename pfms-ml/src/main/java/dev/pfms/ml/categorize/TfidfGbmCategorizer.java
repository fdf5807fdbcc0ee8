package dev.pfms.ml.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code tfidf-gbm} model stage: TF-IDF n-grams and amount/date features, then gradient-boosted
 * trees, scored through a compiled flat-array ensemble.
 *
 * <p>Training merges the labelled set with every stored correction (a correction replaces a training
 * example with the same transaction id), so a {@link #retrain()} never loses a correction. On its own
 * this stage applies corrections at the next retrain; inside the default cascade the {@code rules}
 * stage applies them at once. Thread-safe: predictions read one immutable model, training swaps in
 * a new one atomically, and trainings are serialized.
 */
public final class TfidfGbmCategorizer implements Categorizer {

  private final Settings settings;
  private final CorrectionStore corrections;
  private final boolean recordsCorrections;
  private final AtomicReference<TfidfGbmModel> model = new AtomicReference<>();
  private final Object trainLock = new Object();
  private volatile List<Transaction> lastTraining = List.of();

  TfidfGbmCategorizer(Settings settings, CorrectionStore corrections, boolean recordsCorrections) {
    this.settings = settings;
    this.corrections = corrections;
    this.recordsCorrections = recordsCorrections;
  }

  TfidfGbmCategorizer(Settings settings, CorrectionStore corrections, boolean recordsCorrections,
      TfidfGbmModel loaded, List<Transaction> training) {
    this(settings, corrections, recordsCorrections);
    model.set(loaded);
    lastTraining = List.copyOf(training);
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    for (Transaction t : labelled) {
      if (t.category() == null) {
        throw new IllegalArgumentException("training transaction " + t.id() + " (" + t.provenance()
            + ") has no category");
      }
    }
    synchronized (trainLock) {
      List<Transaction> training = List.copyOf(labelled);
      List<Transaction> examples = withCorrections(training);
      TfidfGbmModel m = TfidfGbmModel.train(examples, settings, TrainingData.hash(examples));
      lastTraining = training;
      model.set(m);
      return m.metadata();
    }
  }

  private List<Transaction> withCorrections(List<Transaction> training) {
    Map<String, Transaction> byId = new LinkedHashMap<>();
    for (Transaction t : training) {
      byId.put(t.id(), t);
    }
    for (Transaction c : corrections.asTrainingExamples()) {
      byId.put(c.id(), c);
    }
    return new ArrayList<>(byId.values());
  }

  private TfidfGbmModel current() {
    TfidfGbmModel m = model.get();
    if (m == null) {
      throw new ModelException("tfidf-gbm has not been trained: call train(...) or load a saved model");
    }
    return m;
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    TfidfGbmModel m = current();
    return m.predict(transaction, settings.reviewThreshold(), m.scratch());
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    if (transactions.isEmpty()) {
      return List.of();
    }
    TfidfGbmModel m = current();
    TfidfGbmModel.Scratch s = m.scratch();
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      out.add(m.predict(t, settings.reviewThreshold(), s));
    }
    return out;
  }

  /**
   * Records a correction in the store (unless the cascade's rules stage, which shares the store,
   * already did). It becomes a training example at the next {@link #retrain()}.
   */
  @Override
  public void correct(Transaction transaction, Category category) {
    if (recordsCorrections) {
      corrections.add(CorrectionStore.Correction.of(transaction, category, Instant.now()));
    }
  }

  @Override
  public ModelMetadata retrain() {
    return train(lastTraining);
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    TfidfGbmModel m = model.get();
    return m == null ? Optional.empty() : Optional.of(m.metadata());
  }

  @Override
  public void save(Path directory) throws IOException {
    TfidfGbmModel m = model.get();
    if (m == null) {
      throw new ModelException("tfidf-gbm has nothing to save: it has not been trained");
    }
    ModelFiles.save(directory, m, lastTraining, corrections.all());
  }

  List<Transaction> lastTraining() {
    return lastTraining;
  }

  @Override
  public String toString() {
    TfidfGbmModel m = model.get();
    return "TfidfGbmCategorizer[" + (m == null ? "untrained" : m.labels().size() + " labels, "
        + m.ensemble()) + "]";
  }
}
