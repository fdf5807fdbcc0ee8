package dev.pfms.ml.stack;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.payee.PayeeMap;
import dev.pfms.ml.zeroshot.ZeroShotModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fits and reads {@code stacked-gbm} models ({@link StackedModel}); corrections, user rules,
 * retraining, the atomic swap and saving are {@link dev.pfms.api.categorize.ModelCategorizer}'s.
 * With learned payees, training rows and transactions to score have their merchant rewritten to the
 * canonical payee first, and the explanation names it. Thread-safe.
 */
final class StackedGbmTrainer implements CategorizerTrainer {

  private final StackOptions options;
  private final Supplier<Optional<OptionalEmbeddings>> embeddings;
  private final PayeeMap payees;
  private volatile ZeroShotModel zeroShot;

  StackedGbmTrainer(StackOptions options, Supplier<Optional<OptionalEmbeddings>> embeddings, PayeeMap payees) {
    this.options = options;
    this.embeddings = embeddings;
    this.payees = payees;
  }

  @Override
  public String provider() {
    return StackedModel.PROVIDER;
  }

  @Override
  public int formatVersion() {
    return StackedModel.FORMAT_VERSION;
  }

  private synchronized ZeroShotModel zeroShot(OptionalEmbeddings e) {
    ZeroShotModel z = zeroShot;
    if (z == null || z.usesEmbeddings() != (e != null)) {
      z = ZeroShotModel.create(e);
      zeroShot = z;
    }
    return z;
  }

  private Function<List<Transaction>, List<String[]>> zeroShotFeatures(OptionalEmbeddings e) {
    ZeroShotModel zs = zeroShot(e);
    return batch -> {
      List<String[]> out = new ArrayList<>(batch.size());
      for (ZeroShotModel.Guess g : zs.guess(batch)) {
        out.add(new String[] {g.category().primary(), g.category().code(), g.fromLexicon() ? "L" : "S"});
      }
      return out;
    };
  }

  @Override
  public CategorizerModel fit(TrainingData data) {
    List<Transaction> examples = new ArrayList<>(data.examples());
    if (payees != null) {
      examples.replaceAll(payees::canonicalize);
    }
    OptionalEmbeddings e = embeddings.get().orElse(null);
    StackedModel m = StackedModel.fit(examples, options, e, zeroShotFeatures(e), data.trainingHash());
    return payees == null ? m : new WithPayees(m, payees);
  }

  @Override
  public CategorizerModel load(Path directory, ModelMetadata metadata) throws IOException {
    boolean fittedWithEmbeddings = !"none".equals(metadata.parameters().getOrDefault("embeddingModel", "none"));
    OptionalEmbeddings e = fittedWithEmbeddings ? embeddings.get().orElse(null) : null;
    if (fittedWithEmbeddings && e == null) {
      throw new ModelException(directory + ": this stacked-gbm model was fitted with sentence embeddings ("
          + metadata.parameters().get("embeddingModel") + "), which are not available here (embeddings=off, or no"
          + " DJL engine on the class path); retrain with embeddings=off or add the engine");
    }
    if (e != null && !e.modelId().equals(metadata.parameters().get("embeddingModel"))) {
      throw new ModelException(directory + ": fitted with embedding model " + metadata.parameters().get("embeddingModel")
          + ", but " + e.modelId() + " is configured");
    }
    StackedModel m = StackedModel.read(directory, metadata, e, zeroShotFeatures(e));
    return payees == null ? m : new WithPayees(m, payees);
  }

  /** A model behind the learned payees: merchants are canonicalized before scoring, and explained. */
  static final class WithPayees implements CategorizerModel {
    private final StackedModel model;
    private final PayeeMap payees;

    WithPayees(StackedModel model, PayeeMap payees) {
      this.model = model;
      this.payees = payees;
    }

    @Override
    public List<Prediction> predict(List<Transaction> transactions) {
      List<Transaction> canonical = new ArrayList<>(transactions.size());
      List<String> notes = new ArrayList<>(transactions.size());
      for (Transaction t : transactions) {
        Optional<PayeeMap.Learned> l = payees.payee(t.description());
        Optional<PayeeMap.Learned> s = l.isPresent() ? Optional.empty() : payees.suggestion(t.description());
        canonical.add(l.isEmpty() ? t : t.toBuilder().merchant(l.get().payee()).build());
        notes.add(l.map(x -> "payee " + x.payee() + " (learned from your " + x.source().name().toLowerCase(
            Locale.ROOT) + ")").orElse(s.map(x -> "suggested payee " + x.payee() + " (confirm to apply)")
            .orElse(null)));
      }
      List<Prediction> ps = model.predict(canonical);
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
    public ModelMetadata metadata() {
      return model.metadata();
    }

    @Override
    public void save(Path directory) throws IOException {
      model.save(directory);
    }
  }
}
