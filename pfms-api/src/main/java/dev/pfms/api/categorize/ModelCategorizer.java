package dev.pfms.api.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactPredictions;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The categorizer every provider shares: a provider supplies a {@link CategorizerTrainer} (fit and
 * load a {@link CategorizerModel}); this class does the rest, once, for all of them.
 *
 * <ol>
 *   <li><b>Rules first.</b> {@link UserRules} decide before anything else; then the user's
 *       corrections, which apply at once to every transaction of the corrected merchant; then the
 *       model.
 *   <li><b>Learned payees</b> ({@link Builder#payees}, optional): before the model sees a
 *       transaction — in training and in scoring — its merchant is rewritten to the canonical payee
 *       the user taught ({@link PayeeMap}), and the explanation names it; a payee that is only a
 *       suggestion is named but not applied. The map keeps its own file, so it survives restarts.
 *   <li><b>Corrections are kept one way</b>, in a {@link CorrectionStore} (a file survives
 *       restarts; a new categorizer on the same store sees every earlier correction), and every
 *       training includes them ({@link TrainingData}).
 *   <li><b>Retraining</b> fits on the last training set given to {@link #train} in this process plus
 *       every correction. Saved models keep no training set (it would be personal data in
 *       plaintext): after {@link Builder#load}, call {@link #train} with the application's labelled
 *       history before {@link #retrain()}.
 *   <li><b>Atomic swap.</b> The active model is one {@link AtomicReference}: a batch is scored by
 *       exactly one model (old or new, never a mix); trainings are serialized; predictions never wait
 *       for a training.
 *   <li><b>Saving</b> writes into a temporary sibling, checksums and fsyncs every file, and renames it
 *       into place under a lock, so a failed save (full disk) leaves the previous model loadable and
 *       two writers never interleave. <b>Loading</b> checks provider, format version and checksums and
 *       turns bad bytes — including {@link OutOfMemoryError}, {@link NegativeArraySizeException},
 *       {@link ClassCastException} — into a {@link ModelException}.
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class ModelCategorizer implements Categorizer {

  /** Rows per {@link CategorizerModel#predict} call of {@link #categorizeAll}. */
  static final int PREDICT_CHUNK = 8192;

  /** The {@link Prediction#model()} of a prediction made by a user's correction. */
  public static final String CORRECTION_MODEL = "corrections";

  private final CategorizerTrainer trainer;
  private final CorrectionStore corrections;
  private final UserRules rules;
  private final boolean correctionsApplyAtOnce;
  private final long maxModelBytes;
  private final PayeeMap payees;
  private final AtomicReference<CategorizerModel> active = new AtomicReference<>();
  private final ReentrantLock trainLock = new ReentrantLock();
  private volatile List<Transaction> lastTraining;
  /** The declared categories of the last training, which {@link #retrain()} passes again. */
  private volatile List<Category> lastCategories = List.of();

  private ModelCategorizer(Builder b, CategorizerModel model) {
    this.trainer = b.trainer;
    this.corrections = b.corrections;
    this.rules = b.rules;
    this.correctionsApplyAtOnce = b.correctionsApplyAtOnce;
    this.maxModelBytes = b.maxModelBytes;
    this.payees = b.payees;
    active.set(model);
  }

  /**
   * Starts building a categorizer around a trainer.
   *
   * @param trainer the provider's trainer
   * @return a builder
   */
  public static Builder builder(CategorizerTrainer trainer) {
    return new Builder(trainer);
  }

  /** Builds a {@link ModelCategorizer}; not thread-safe, the built categorizer is. */
  public static final class Builder {
    private final CategorizerTrainer trainer;
    private CorrectionStore corrections;
    private UserRules rules = UserRules.NONE;
    private boolean correctionsApplyAtOnce = true;
    private long maxModelBytes = SavedModels.DEFAULT_MAX_BYTES;
    private PayeeMap payees;

    private Builder(CategorizerTrainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    /**
     * Where corrections are kept; an in-memory store by default.
     *
     * @param store the store (shared with other categorizers if wanted)
     * @return this builder
     */
    public Builder corrections(CorrectionStore store) {
      this.corrections = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * User rules that decide before corrections and the model; none by default.
     *
     * @param userRules the rules
     * @return this builder
     */
    public Builder rules(UserRules userRules) {
      this.rules = Objects.requireNonNull(userRules, "userRules");
      return this;
    }

    /**
     * Whether a correction decides every later transaction of the same merchant at once (default),
     * or only becomes a training example for the next {@link #retrain()}.
     *
     * @param atOnce true to apply corrections at once
     * @return this builder
     */
    public Builder correctionsApplyAtOnce(boolean atOnce) {
      this.correctionsApplyAtOnce = atOnce;
      return this;
    }

    /**
     * Learned payees applied before the model, in training and scoring; none by default.
     *
     * @param map the payee map (shared with the application that teaches it), or null for none
     * @return this builder
     */
    public Builder payees(PayeeMap map) {
      this.payees = map;
      return this;
    }

    /**
     * The largest saved model {@link #load} reads, in bytes over all files (default 1 GiB).
     *
     * @param bytes the limit, positive
     * @return this builder
     */
    public Builder maxModelBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxModelBytes must be positive: " + bytes);
      }
      this.maxModelBytes = bytes;
      return this;
    }

    /**
     * An untrained categorizer (or one holding the trainer's {@link CategorizerTrainer#initial()}
     * model).
     *
     * @return the categorizer
     */
    public ModelCategorizer build() {
      fill();
      return new ModelCategorizer(this, trainer.initial().orElse(null));
    }

    /**
     * A categorizer holding a saved model.
     *
     * @param directory where {@link ModelCategorizer#save(Path)} wrote it
     * @return the categorizer
     * @throws IOException when the directory cannot be read
     * @throws ModelException when it is not a model of this provider in a readable format version,
     *     or its bytes are damaged
     */
    public ModelCategorizer load(Path directory) throws IOException {
      fill();
      return new ModelCategorizer(this, SavedModels.load(directory, trainer, maxModelBytes));
    }

    private void fill() {
      if (corrections == null) {
        corrections = CorrectionStore.inMemory();
      }
    }
  }

  /**
   * Reads the {@code metadata.json} of a saved model without loading it, e.g. to use the options it
   * was trained with as defaults.
   *
   * @param directory the saved model
   * @return its metadata
   * @throws IOException when it cannot be read
   * @throws ModelException when it is missing or malformed
   */
  public static ModelMetadata readMetadata(Path directory) throws IOException {
    return SavedModels.readMetadata(directory);
  }

  /**
   * The provider's trainer.
   *
   * @return the trainer
   */
  public CategorizerTrainer trainer() {
    return trainer;
  }

  /**
   * Where this categorizer keeps corrections.
   *
   * @return the store
   */
  public CorrectionStore corrections() {
    return corrections;
  }

  /**
   * The active fitted model, a value that can be shared across threads, saved or shipped.
   *
   * @return the model, empty before training
   */
  public Optional<CategorizerModel> model() {
    return Optional.ofNullable(active.get());
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    return train(labelled, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The trainer sees the categories as {@link TrainingData#categories()}; {@link #retrain()} passes the
   * same ones again.
   */
  @Override
  public ModelMetadata train(List<Transaction> labelled, Collection<Category> categories) {
    Objects.requireNonNull(labelled, "labelled");
    Objects.requireNonNull(categories, "categories");
    trainLock.lock();
    try {
      List<Transaction> fixes = corrections.asTrainingExamples();
      TrainingData data = payees == null ? TrainingData.of(labelled, fixes)
          : TrainingData.of(labelled.stream().map(payees::canonicalize).toList(),
              fixes.stream().map(payees::canonicalize).toList());
      if (!categories.isEmpty()) {
        data = data.withCategories(categories);
      }
      CategorizerModel m = Objects.requireNonNull(trainer.fit(data), "trainer returned no model");
      // kept for retrain(): compact when long (~125 B a row instead of ~400; equal rows, ADR 0019)
      lastTraining = labelled instanceof CompactTransactions || labelled.size() < 1024
          ? CompactTransactions.immutableCopy(labelled) : CompactTransactions.of(labelled);
      lastCategories = data.categories();
      active.set(m);
      return m.metadata();
    } finally {
      trainLock.unlock();
    }
  }

  @Override
  public ModelMetadata retrain() {
    trainLock.lock();
    try {
      List<Transaction> last = lastTraining;
      if (last == null) {
        throw new ModelException(trainer.provider() + ": nothing to retrain from: this categorizer was loaded or"
            + " never trained, and saved models keep no training set; call train(labelled) with your labelled history");
      }
      return train(last, lastCategories);
    } finally {
      trainLock.unlock();
    }
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    Prediction p = decideBeforeModel(transaction, correctionsApplyAtOnce ? corrections.latestByMerchant() : Map.of());
    if (p != null) {
      return p;
    }
    if (payees == null) {
      return current().predict(transaction);
    }
    return withPayees(List.of(transaction), current()).get(0);
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    if (transactions.isEmpty()) {
      return List.of();
    }
    Map<String, Category> byMerchant = correctionsApplyAtOnce ? corrections.latestByMerchant() : Map.of();
    int size = transactions.size();
    // column by column (ADR 0026): a million predictions in ~58 MB instead of ~170 MB, and equal
    // explanation lists stored once
    CompactPredictions.Builder out = CompactPredictions.builder(size);
    int[] pending = new int[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      Prediction p = decideBeforeModel(transactions.get(i), byMerchant);
      if (p == null) {
        pending[n++] = i;
      } else {
        out.set(i, p);
      }
    }
    if (n > 0) {
      CategorizerModel m = current();
      // in chunks: a model's per-batch working set (feature rows, candidate matrices) stays bounded
      // however long the history is (ADR 0019); a model is an immutable, thread-safe value, so the
      // chunks are scored side by side on the common pool (ADR 0024), PARALLEL_CHUNKS at a time, and
      // their predictions are placed in order: the result does not depend on the schedule
      int chunks = (n + PREDICT_CHUNK - 1) / PREDICT_CHUNK;
      final int pendingCount = n;
      for (int first = 0; first < chunks; first += PARALLEL_CHUNKS) {
        int last = Math.min(chunks, first + PARALLEL_CHUNKS);
        java.util.stream.IntStream ids = java.util.stream.IntStream.range(first, last);
        List<List<Prediction>> results = (last - first > 1 ? ids.parallel() : ids)
            .mapToObj(c -> predictChunk(m, transactions, pending, pendingCount, size, c))
            .toList();
        for (int c = first; c < last; c++) {
          int from = c * PREDICT_CHUNK;
          List<Prediction> ps = results.get(c - first);
          for (int k = 0; k < ps.size(); k++) {
            out.set(pending[from + k], ps.get(k));
          }
        }
      }
    }
    return out.build();
  }

  /** Chunks scored at once by {@link #categorizeAll}: enough for every core, a bounded working set. */
  static final int PARALLEL_CHUNKS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private List<Prediction> predictChunk(CategorizerModel m, List<Transaction> transactions, int[] pending, int n,
      int all, int chunk) {
    int from = chunk * PREDICT_CHUNK;
    int to = Math.min(n, from + PREDICT_CHUNK);
    List<Transaction> rest;
    if (n == all && from == 0 && to == n) {
      rest = transactions;
    } else {
      rest = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        rest.add(transactions.get(pending[k]));
      }
    }
    List<Prediction> ps = payees == null ? m.predict(rest) : withPayees(rest, m);
    if (ps.size() != to - from) {
      throw new ModelException(trainer.provider() + " returned " + ps.size() + " predictions for "
          + (to - from) + " transactions");
    }
    return ps;
  }

  /** Scores with merchants rewritten to learned payees, and names the payee in the explanation. */
  private List<Prediction> withPayees(List<Transaction> transactions, CategorizerModel m) {
    List<Transaction> canonical = new ArrayList<>(transactions.size());
    String[] notes = new String[transactions.size()];
    for (int i = 0; i < notes.length; i++) {
      Transaction t = transactions.get(i);
      Optional<PayeeMap.Learned> l = payees.payee(t.description());
      if (l.isPresent()) {
        canonical.add(t.toBuilder().merchant(l.get().payee()).build());
        notes[i] = "payee " + l.get().payee() + " (learned from your "
            + l.get().source().name().toLowerCase(java.util.Locale.ROOT) + ")";
      } else {
        canonical.add(t);
        notes[i] = payees.suggestion(t.description())
            .map(x -> "suggested payee " + x.payee() + " (confirm to apply)").orElse(null);
      }
    }
    List<Prediction> ps = m.predict(canonical);
    List<Prediction> out = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      Prediction p = ps.get(i);
      if (i >= notes.length || notes[i] == null) {
        out.add(p);
      } else {
        List<String> why = new ArrayList<>(p.explanation());
        why.add(p.needsReview() && !why.isEmpty() ? 1 : 0, notes[i]);
        out.add(new Prediction(p.category(), p.confidence(), p.alternatives(), why, p.needsReview(), p.model()));
      }
    }
    return out;
  }

  private Prediction decideBeforeModel(Transaction t, Map<String, Category> byMerchant) {
    Optional<Prediction> r = rules.match(t);
    if (r.isPresent()) {
      return r.get();
    }
    String merchant = t.merchant();
    Category c = merchant == null || merchant.isBlank() ? null : byMerchant.get(merchant);
    if (c != null) {
      return new Prediction(c, 1.0, List.of(), List.of("your correction for merchant " + merchant), false,
          CORRECTION_MODEL);
    }
    return null;
  }

  private CategorizerModel current() {
    CategorizerModel m = active.get();
    if (m == null) {
      throw new ModelException(trainer.provider() + " has not been trained: call train(...) or load a saved model");
    }
    return m;
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(category, "category");
    corrections.add(CorrectionStore.Correction.of(transaction, category, Instant.now()));
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    CategorizerModel m = active.get();
    return m == null ? Optional.empty() : Optional.of(m.metadata());
  }

  /**
   * Saves the active model: into a temporary sibling of {@code directory}, with {@code metadata.json}
   * recording a SHA-256 of every file, fsync'd, then moved into place under a lock. When anything
   * fails the previous model in {@code directory} is untouched. No training data is written.
   *
   * @param directory the model directory (its parent is created if missing)
   * @throws IOException when it cannot be written
   * @throws ModelException when nothing has been trained
   */
  @Override
  public void save(Path directory) throws IOException {
    CategorizerModel m = active.get();
    if (m == null) {
      throw new ModelException(trainer.provider() + " has nothing to save: it has not been trained");
    }
    SavedModels.save(directory, m);
  }

  @Override
  public String toString() {
    CategorizerModel m = active.get();
    return "ModelCategorizer[" + trainer.provider() + ", " + (m == null ? "untrained" : m.metadata().labels().size()
        + " labels") + ", " + corrections + "]";
  }
}
