package dev.pfms.ml.zeroshot;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Fits and reads {@code zero-shot} models. The model works before any label exists
 * ({@link #initial()}: the shipped lexicon and category descriptions, {@link ZeroShotModel}); once
 * labelled examples arrive a transaction that closely matches one of them takes its label, and
 * everything else stays zero-shot. Corrections, rules, retraining, the atomic swap and saving are
 * {@link dev.pfms.api.categorize.ModelCategorizer}'s. Thread-safe.
 */
final class ZeroShotTrainer implements CategorizerTrainer {

  static final String PROVIDER = "zero-shot";
  static final int FORMAT_VERSION = 1;
  static final String MEMORY = "memory.bin";
  private static final String MAGIC = "pfms/zero-shot";

  private final Supplier<Optional<OptionalEmbeddings>> embeddings;
  private final double memorySimilarity;
  private final double reviewThreshold;
  private volatile ZeroShotModel model;

  ZeroShotTrainer(Supplier<Optional<OptionalEmbeddings>> embeddings, double memorySimilarity, double reviewThreshold) {
    this.embeddings = embeddings;
    this.memorySimilarity = memorySimilarity;
    this.reviewThreshold = reviewThreshold;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  private ZeroShotModel zeroShot() {
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

  private ModelMetadata metadata(List<Transaction> examples, String hash) {
    TreeSet<String> codes = new TreeSet<>();
    examples.forEach(t -> codes.add(t.category().code()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("embeddings", zeroShot().usesEmbeddings() ? 1.0 : 0.0);
    metrics.put("lexiconEntries", (double) MerchantLexicon.shipped().size());
    return new ModelMetadata(PROVIDER, FORMAT_VERSION, hash, examples.size(), List.copyOf(codes), metrics,
        Instant.now(), Map.of("memorySimilarity", Double.toString(memorySimilarity)));
  }

  /** Without labels: predicts from the lexicon and category descriptions at once. */
  @Override
  public Optional<CategorizerModel> initial() {
    return Optional.of(new Model(null, new SparseVector[0], List.of(), metadata(List.of(), TrainingData.hash(List.of()))));
  }

  @Override
  public CategorizerModel fit(TrainingData data) {
    List<Transaction> examples = data.examples();
    ModelMetadata md = metadata(examples, data.trainingHash());
    if (examples.isEmpty()) {
      return new Model(null, new SparseVector[0], List.of(), md);
    }
    List<List<String>> tokens = examples.stream().map(t -> BankText.tokens(t.description())).toList();
    TfidfVectorizer v = TfidfVectorizer.fit(tokens, 50_000);
    SparseVector[] vs = new SparseVector[examples.size()];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = v.transform(tokens.get(i));
    }
    return new Model(v, vs, examples.stream().map(Transaction::category).toList(), md);
  }

  @Override
  public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
    ModelMetadata metadata = saved.metadata();
    Path directory = saved.directory();
    ModelInput in = saved.input(MEMORY);
    if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT_VERSION) {
      throw in.corrupt("not a zero-shot model of format " + FORMAT_VERSION);
    }
    int n = in.readCount("examples", 8);
    if (n == 0) {
      in.expectEnd();
      return new Model(null, new SparseVector[0], List.of(), metadata);
    }
    int t = in.readCount("terms", 3);
    String[] terms = new String[t];
    for (int i = 0; i < t; i++) {
      terms[i] = in.readUTF();
    }
    double[] idf = in.readDoubles("idf");
    if (idf.length != t) {
      throw in.corrupt("idf: " + idf.length + " weights for " + t + " terms");
    }
    TfidfVectorizer v;
    try {
      v = TfidfVectorizer.of(terms, idf);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(e.getMessage());
    }
    SparseVector[] vs = new SparseVector[n];
    List<Category> labels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] idx = in.readInts("example terms");
      double[] val = in.readDoubles("example weights");
      if (idx.length != val.length) {
        throw in.corrupt("example " + i + ": " + idx.length + " terms, " + val.length + " weights");
      }
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] < 0 || idx[k] >= t || (k > 0 && idx[k] <= idx[k - 1]) || !Double.isFinite(val[k])) {
          throw in.corrupt("example " + i + ": bad term " + idx[k] + " or weight");
        }
      }
      vs[i] = new SparseVector(idx, val);
      String code = in.readUTF();
      String primary = in.readUTF();
      try {
        labels.add(new Category(code, primary));
      } catch (IllegalArgumentException e) {
        throw in.corrupt("example " + i + " label: " + e.getMessage());
      }
    }
    in.expectEnd();
    TreeSet<String> codes = new TreeSet<>();
    labels.forEach(c -> codes.add(c.code()));
    if (!List.copyOf(codes).equals(metadata.labels())) {
      throw new ModelException(directory + ": label set in metadata.json " + metadata.labels()
          + " differs from the model's");
    }
    return new Model(v, vs, labels, metadata);
  }

  /** The labelled memory (TF-IDF vectors of the examples) in front of the zero-shot model. Immutable. */
  private final class Model implements CategorizerModel {
    private final TfidfVectorizer vectorizer;
    private final SparseVector[] vectors;
    private final List<Category> labels;
    private final ModelMetadata metadata;

    Model(TfidfVectorizer vectorizer, SparseVector[] vectors, List<Category> labels, ModelMetadata metadata) {
      this.vectorizer = vectorizer;
      this.vectors = vectors;
      this.labels = List.copyOf(labels);
      this.metadata = metadata;
    }

    @Override
    public ModelMetadata metadata() {
      return metadata;
    }

    @Override
    public List<Prediction> predict(List<Transaction> transactions) {
      List<ZeroShotModel.Guess> guesses = zeroShot().guess(transactions);
      List<Prediction> out = new ArrayList<>(transactions.size());
      for (int i = 0; i < transactions.size(); i++) {
        Transaction t = transactions.get(i);
        ZeroShotModel.Guess g = guesses.get(i);
        if (vectors.length > 0) {
          SparseVector q = vectorizer.transform(BankText.tokens(t.description()));
          int best = -1;
          double sim = 0;
          for (int k = 0; k < vectors.length; k++) {
            double s = q.dot(vectors[k]);
            if (s > sim) {
              sim = s;
              best = k;
            }
          }
          sim = Math.min(1.0, sim);
          if (best >= 0 && sim >= memorySimilarity) {
            Category c = labels.get(best);
            List<ScoredCategory> alt = g.category().equals(c) ? List.of()
                : List.of(new ScoredCategory(g.category(), Math.max(0, Math.min(1, g.confidence()) * (1 - sim))));
            out.add(new Prediction(c, Math.min(1, sim), alt,
                List.of("like a labelled transaction (TF-IDF similarity " + f2(sim) + ")",
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

    /** The examples' TF-IDF weights over digit-free tokens and their labels; no raw description. */
    @Override
    public void save(Path directory) throws IOException {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(directory.resolve(MEMORY)))) {
        writeModel(os);
      }
    }

    /** The model file as a writer: a sealed save streams it into memory, never to disk in plaintext. */
    @Override
    public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
      return java.util.Map.of(MEMORY, this::writeModel);
    }

    private void writeModel(OutputStream os) throws IOException {
      ModelOutput out = new ModelOutput(os);
      out.writeUTF(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(vectors.length);
      if (vectors.length > 0) {
        String[] terms = vectorizer.terms();
        out.writeInt(terms.length);
        for (String s : terms) {
          out.writeUTF(s);
        }
        out.writeDoubles(vectorizer.idf());
        for (int i = 0; i < vectors.length; i++) {
          out.writeInts(vectors[i].indices());
          out.writeDoubles(vectors[i].values());
          out.writeUTF(labels.get(i).code());
          out.writeUTF(labels.get(i).primary());
        }
      }
      out.flush();
      os.flush();
    }
  }

  private static String f2(double v) {
    long c = Math.round(Math.abs(v) * 100);
    long frac = c % 100;
    return (v < 0 && c != 0 ? "-" : "") + c / 100 + (frac < 10 ? ".0" : ".") + frac;
  }
}
