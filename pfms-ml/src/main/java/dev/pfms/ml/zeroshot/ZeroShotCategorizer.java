package dev.pfms.ml.zeroshot;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code zero-shot} categorizer: works before any label exists ({@link ZeroShotModel}); once
 * labelled examples arrive ({@link #train}) a transaction that closely matches one of them takes its
 * label, and everything else stays zero-shot.
 *
 * <p>A prediction from category descriptions alone always needs review and says "no labels"; a
 * lexicon match does not. Thread-safe: state is one immutable snapshot swapped atomically.
 */
final class ZeroShotCategorizer implements Categorizer {

  static final String PROVIDER = "zero-shot";

  /** The labelled memory: TF-IDF vectors of the training examples. */
  private record Memory(TfidfVectorizer vectorizer, SparseVector[] vectors, List<Category> labels,
      ModelMetadata metadata) {}

  private final Supplier<Optional<OptionalEmbeddings>> embeddings;
  private final CorrectionStore corrections;
  private final boolean recordsCorrections;
  private final double memorySimilarity;
  private final double reviewThreshold;
  private volatile ZeroShotModel model;
  private volatile Memory memory;
  private volatile List<Transaction> lastTraining = List.of();

  ZeroShotCategorizer(Supplier<Optional<OptionalEmbeddings>> embeddings, CorrectionStore corrections,
      boolean recordsCorrections, double memorySimilarity, double reviewThreshold) {
    this.embeddings = embeddings;
    this.corrections = corrections;
    this.recordsCorrections = recordsCorrections;
    this.memorySimilarity = memorySimilarity;
    this.reviewThreshold = reviewThreshold;
  }

  private ZeroShotModel model() {
    ZeroShotModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = ZeroShotModel.create(embeddings.get().orElse(null));
        }
        m = model;
      }
    }
    return m;
  }

  @Override
  public synchronized ModelMetadata train(List<Transaction> labelled) {
    for (Transaction t : labelled) {
      if (t.category() == null) {
        throw new IllegalArgumentException("training transaction " + t.id() + " (" + t.provenance()
            + ") has no category");
      }
    }
    Map<String, Transaction> byId = new LinkedHashMap<>();
    labelled.forEach(t -> byId.put(t.id(), t));
    corrections.asTrainingExamples().forEach(t -> byId.put(t.id(), t));
    List<Transaction> examples = new ArrayList<>(byId.values());
    TreeSet<String> codes = new TreeSet<>();
    examples.forEach(t -> codes.add(t.category().code()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("embeddings", model().usesEmbeddings() ? 1.0 : 0.0);
    metrics.put("lexiconEntries", (double) MerchantLexicon.shipped().size());
    ModelMetadata md = new ModelMetadata(PROVIDER, 1, TrainingData.hash(examples), examples.size(),
        List.copyOf(codes), metrics, Instant.now(), Map.of("memorySimilarity", Double.toString(memorySimilarity)));
    if (examples.isEmpty()) {
      memory = new Memory(null, new SparseVector[0], List.of(), md);
    } else {
      List<List<String>> tokens = examples.stream().map(t -> BankText.tokens(t.description())).toList();
      TfidfVectorizer v = TfidfVectorizer.fit(tokens, 50_000);
      SparseVector[] vs = new SparseVector[examples.size()];
      for (int i = 0; i < vs.length; i++) {
        vs[i] = v.transform(tokens.get(i));
      }
      memory = new Memory(v, vs, examples.stream().map(Transaction::category).toList(), md);
    }
    lastTraining = List.copyOf(labelled);
    return md;
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
    Memory mem = memory;
    List<ZeroShotModel.Guess> guesses = model().guess(transactions);
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      Transaction t = transactions.get(i);
      ZeroShotModel.Guess g = guesses.get(i);
      if (mem != null && mem.vectors().length > 0) {
        SparseVector q = mem.vectorizer().transform(BankText.tokens(t.description()));
        int best = -1;
        double sim = 0;
        for (int k = 0; k < mem.vectors().length; k++) {
          double s = q.dot(mem.vectors()[k]);
          if (s > sim) {
            sim = s;
            best = k;
          }
        }
        sim = Math.min(1.0, sim);
        if (best >= 0 && sim >= memorySimilarity) {
          Category c = mem.labels().get(best);
          List<ScoredCategory> alt = g.category().equals(c) ? List.of()
              : List.of(new ScoredCategory(g.category(), Math.max(0, Math.min(1, g.confidence()) * (1 - sim))));
          out.add(new Prediction(c, Math.min(1, sim), alt,
              List.of(String.format(Locale.ROOT, "like a labelled transaction (TF-IDF similarity %.2f)", sim),
                  "zero-shot would say " + g.category().code()), sim < reviewThreshold, PROVIDER));
          continue;
        }
      }
      boolean review = !g.fromLexicon() || g.confidence() < reviewThreshold;
      List<String> why = new ArrayList<>();
      if (review) {
        why.add("needs review: categorized without labels (zero-shot)");
      }
      why.add(g.evidence());
      why.add("primary " + g.category().primary());
      out.add(new Prediction(g.category(), Math.min(1, g.confidence()), List.of(), why, review, PROVIDER));
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
    Memory m = memory;
    return m == null ? Optional.empty() : Optional.of(m.metadata());
  }

  @Override
  public void save(Path directory) {
    throw new ModelException(PROVIDER + " has nothing to save: its lexicon and category descriptions ship with"
        + " pfms-ml, and its labelled memory is the training set");
  }

  @Override
  public String toString() {
    return "ZeroShotCategorizer[" + MerchantLexicon.shipped().size() + " lexicon entries]";
  }
}
