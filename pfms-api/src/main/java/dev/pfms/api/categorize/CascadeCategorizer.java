package dev.pfms.api.categorize;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs categorizers in order: the first stage whose prediction does not need review wins; when every
 * stage is unsure, the most confident prediction is returned (still marked for review).
 *
 * <p>Typical use: {@code rules} first (user rules and corrections always win), then a model.
 * Training, corrections and retraining go to every stage; {@link #metadata()} and
 * {@link #save(Path)} are the last stage's (the model). Thread-safe when its stages are.
 */
public final class CascadeCategorizer implements Categorizer {

  private final List<Categorizer> stages;

  /**
   * Creates a cascade.
   *
   * @param stages the stages, first wins; at least one
   */
  public CascadeCategorizer(List<Categorizer> stages) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a cascade needs at least one stage");
    }
    this.stages = List.copyOf(stages);
  }

  /**
   * The stages, in order.
   *
   * @return the stages
   */
  public List<Categorizer> stages() {
    return stages;
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    ModelMetadata last = null;
    for (Categorizer c : stages) {
      last = c.train(labelled);
    }
    return Objects.requireNonNull(last);
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled, Collection<Category> categories) {
    ModelMetadata last = null;
    for (Categorizer c : stages) {
      last = c.train(labelled, categories);
    }
    return Objects.requireNonNull(last);
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    Prediction best = null;
    for (Categorizer c : stages) {
      Prediction p = c.categorize(transaction);
      if (!p.needsReview()) {
        return p;
      }
      if (best == null || p.confidence() > best.confidence()) {
        best = p;
      }
    }
    return best;
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    Prediction[] out = new Prediction[transactions.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      pending.add(i);
    }
    for (Categorizer c : stages) {
      if (pending.isEmpty()) {
        break;
      }
      List<Transaction> batch = new ArrayList<>(pending.size());
      pending.forEach(i -> batch.add(transactions.get(i)));
      List<Prediction> ps = c.categorizeAll(batch);
      List<Integer> still = new ArrayList<>();
      for (int k = 0; k < ps.size(); k++) {
        int i = pending.get(k);
        Prediction p = ps.get(k);
        if (out[i] == null || p.confidence() > out[i].confidence() || !p.needsReview()) {
          out[i] = p;
        }
        if (p.needsReview()) {
          still.add(i);
        }
      }
      pending = still;
    }
    return List.of(out);
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    for (Categorizer c : stages) {
      c.correct(transaction, category);
    }
  }

  @Override
  public ModelMetadata retrain() {
    ModelMetadata last = null;
    for (Categorizer c : stages) {
      last = c.retrain();
    }
    return Objects.requireNonNull(last);
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    return stages.get(stages.size() - 1).metadata();
  }

  @Override
  public void save(Path directory) throws IOException {
    stages.get(stages.size() - 1).save(directory);
  }

  @Override
  public String toString() {
    return "CascadeCategorizer" + stages;
  }
}
