package dev.pfms.api.categorize;

import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A fitted categorization model: what a {@link CategorizerTrainer} returns and what
 * {@link ModelCategorizer} holds and swaps. It is a value — immutable and thread-safe — so one model
 * can be shared by any number of threads, saved, loaded in another process (a Spark executor) and
 * compared.
 *
 * <p>A model only predicts. Corrections, user rules, retraining and the atomic swap are the
 * {@link ModelCategorizer}'s job, the same for every provider.
 */
public interface CategorizerModel {

  /**
   * Categorizes a batch. Must not keep references to the transactions.
   *
   * @param transactions the transactions (their categories, if any, are ignored)
   * @return one prediction per transaction, in order
   */
  List<Prediction> predict(List<Transaction> transactions);

  /**
   * Categorizes one transaction; override when a single prediction can be made without a list.
   *
   * @param transaction the transaction
   * @return the prediction
   */
  default Prediction predict(Transaction transaction) {
    return predict(List.of(transaction)).get(0);
  }

  /**
   * What this model is: provider, format version, training hash and size, labels, metrics.
   *
   * @return the metadata
   */
  ModelMetadata metadata();

  /**
   * Writes the model's own files into an empty directory. {@code metadata.json} is written by the
   * caller, which also checksums every file written here, fsyncs, and moves the directory into place
   * atomically (see {@link ModelCategorizer#save(Path)}): a model only writes bytes.
   *
   * <p>Must not write personal data in plaintext: no raw descriptions, accounts, dates or amounts
   * of training transactions. Feature statistics, normalized merchant keys and learned weights are
   * what a model is made of.
   *
   * @param directory an empty directory
   * @throws IOException when a file cannot be written
   */
  void save(Path directory) throws IOException;

  /**
   * The model's files as writers (file name → content), so that a save streams them straight into the
   * model directory — sealed in memory when the directory is protected
   * ({@link dev.pfms.api.io.ModelDirectory#protect}) — with no plaintext staging copy on disk that a
   * crash could leave behind. The default, {@code null}, means the model is saved through
   * {@link #save(Path)} into a staging directory first. The content must equal what {@code save}
   * writes.
   *
   * @return the files, or {@code null} to be saved through {@link #save(Path)}
   */
  default java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    return null;
  }
}
