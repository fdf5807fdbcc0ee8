package dev.pfms.ml.stack;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.payee.PayeeMap;
import dev.pfms.ml.zeroshot.ZeroShotModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@code stacked-gbm} model stage: a thin holder of one immutable {@link StackedModel}, fitted
 * from the training set plus every stored correction and swapped in atomically.
 *
 * <p>Thread-safe: predictions read one model; trainings are serialized.
 */
final class StackedGbmCategorizer implements Categorizer {

  private final StackOptions options;
  private final CorrectionStore corrections;
  private final boolean recordsCorrections;
  private final Supplier<Optional<OptionalEmbeddings>> embeddings;
  private final AtomicReference<StackedModel> model = new AtomicReference<>();
  private final Object trainLock = new Object();
  private volatile List<Transaction> lastTraining = List.of();
  private volatile ZeroShotModel zeroShot;
  private final PayeeMap payees;

  StackedGbmCategorizer(StackOptions options, CorrectionStore corrections, boolean recordsCorrections,
      Supplier<Optional<OptionalEmbeddings>> embeddings, PayeeMap payees) {
    this.payees = payees;
    this.options = options;
    this.corrections = corrections;
    this.recordsCorrections = recordsCorrections;
    this.embeddings = embeddings;
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
      Map<String, Transaction> byId = new LinkedHashMap<>();
      training.forEach(t -> byId.put(t.id(), t));
      corrections.asTrainingExamples().forEach(t -> byId.put(t.id(), t));
      List<Transaction> examples = new ArrayList<>(byId.values());
      if (payees != null) {
        examples.replaceAll(payees::canonicalize);
      }
      OptionalEmbeddings e = embeddings.get().orElse(null);
      if (zeroShot == null) {
        zeroShot = ZeroShotModel.create(e);
      }
      ZeroShotModel zs = zeroShot;
      StackedModel m = StackedModel.fit(examples, options, e, batch -> zeroShotFeatures(zs, batch),
          TrainingData.hash(examples));
      lastTraining = training;
      model.set(m);
      return m.metadata();
    }
  }

  static List<String[]> zeroShotFeatures(ZeroShotModel zs, List<Transaction> batch) {
    List<String[]> out = new ArrayList<>(batch.size());
    for (ZeroShotModel.Guess g : zs.guess(batch)) {
      out.add(new String[] {g.category().primary(), g.category().code(), g.fromLexicon() ? "L" : "S"});
    }
    return out;
  }

  private StackedModel current() {
    StackedModel m = model.get();
    if (m == null) {
      throw new ModelException(StackedModel.PROVIDER + " has not been trained: call train(...)");
    }
    return m;
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    return categorizeAll(List.of(transaction)).get(0);
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    if (transactions.isEmpty()) {
      return List.of();
    }
    StackedModel m = current();
    if (payees == null) {
      return m.predict(transactions);
    }
    List<Transaction> canonical = new ArrayList<>(transactions.size());
    List<String> notes = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      Optional<PayeeMap.Learned> l = payees.payee(t.description());
      Optional<PayeeMap.Learned> s = l.isPresent() ? Optional.empty() : payees.suggestion(t.description());
      canonical.add(l.isEmpty() ? t : t.toBuilder().merchant(l.get().payee()).build());
      notes.add(l.map(x -> "payee " + x.payee() + " (learned from your " + x.source().name().toLowerCase(
          java.util.Locale.ROOT) + ")").orElse(s.map(x -> "suggested payee " + x.payee() + " (confirm to apply)")
          .orElse(null)));
    }
    List<Prediction> ps = m.predict(canonical);
    List<Prediction> out = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      Prediction p = ps.get(i);
      if (notes.get(i) == null) {
        out.add(p);
      } else {
        List<String> why = new ArrayList<>(p.explanation());
        why.add(p.needsReview() ? 1 : 0, notes.get(i));
        out.add(new Prediction(p.category(), p.confidence(), p.alternatives(), why, p.needsReview(), p.model()));
      }
    }
    return out;
  }

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
    StackedModel m = model.get();
    return m == null ? Optional.empty() : Optional.of(m.metadata());
  }

  /**
   * Not supported yet: the model keeps its training rows as neighbour memory and refits quickly.
   *
   * @param directory ignored
   * @throws ModelException always
   */
  @Override
  public void save(Path directory) {
    throw new ModelException(StackedModel.PROVIDER + " does not save models yet: retrain from the labelled "
        + "history (its neighbour memory is the training set itself)");
  }

  @Override
  public String toString() {
    StackedModel m = model.get();
    return "StackedGbmCategorizer[" + (m == null ? "untrained" : m.toString()) + "]";
  }
}
