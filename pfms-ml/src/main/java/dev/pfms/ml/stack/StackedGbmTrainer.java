package dev.pfms.ml.stack;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.zeroshot.ZeroShotModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fits and reads {@code stacked-gbm} models ({@link StackedModel}); corrections, user rules,
 * retraining, the atomic swap, learned payees and saving are
 * {@link dev.pfms.api.categorize.ModelCategorizer}'s. Thread-safe.
 */
final class StackedGbmTrainer implements CategorizerTrainer {

  private final StackOptions options;
  private final Supplier<Optional<OptionalEmbeddings>> embeddings;
  private final TrainingBounds bounds;
  private volatile ZeroShotModel zeroShot;

  StackedGbmTrainer(StackOptions options, Supplier<Optional<OptionalEmbeddings>> embeddings) {
    this(options, embeddings, TrainingBounds.defaults());
  }

  StackedGbmTrainer(StackOptions options, Supplier<Optional<OptionalEmbeddings>> embeddings, TrainingBounds bounds) {
    this.options = options;
    this.embeddings = embeddings;
    this.bounds = bounds;
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
    // bounded by distinct (merchant text, label) groups, not by the history's length (ADR 0019)
    List<Transaction> examples = bounds.apply(data).kept();
    OptionalEmbeddings e = embeddings.get().orElse(null);
    StackedModel m = StackedModel.fit(examples, data.categories(), options, e, zeroShotFeatures(e),
        data.trainingHash());
    return m;
  }

  @Override
  public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
    Path directory = saved.directory();
    ModelMetadata metadata = saved.metadata();
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
    return StackedModel.read(saved, e, zeroShotFeatures(e));
  }
}
