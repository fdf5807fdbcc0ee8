package dev.pfms.ml.categorize;

import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;

/** Fits and reads {@code tfidf-gbm} models; all the rest is {@link dev.pfms.api.categorize.ModelCategorizer}'s. */
final class TfidfGbmTrainer implements CategorizerTrainer {

  private final Settings settings;

  TfidfGbmTrainer(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String provider() {
    return TfidfGbmModel.PROVIDER;
  }

  @Override
  public int formatVersion() {
    return TfidfGbmModel.FORMAT_VERSION;
  }

  @Override
  public int oldestFormatVersion() {
    return 1;
  }

  @Override
  public CategorizerModel fit(TrainingData data) {
    return TfidfGbmModel.train(data.examples(), settings, data.trainingHash());
  }

  @Override
  public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
    return ModelFiles.read(saved, settings.reviewThreshold());
  }
}
