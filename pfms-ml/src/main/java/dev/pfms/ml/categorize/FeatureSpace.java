package dev.pfms.ml.categorize;

import dev.pfms.api.model.Transaction;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.ChiSquareSelector;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stage 1: turns a transaction into the dense vector stage 2 learns from.
 *
 * <p>The vector is the selected TF-IDF n-grams (values taken from the full, L2-normalized TF-IDF
 * vector) followed by five numeric features: amount sign, log10(1 + |amount|), weekday (1 = Monday),
 * day of month, and whether the amount is a whole number. Immutable and thread-safe.
 */
public final class FeatureSpace {

  /** The names of the numeric features after the text features. */
  static final List<String> NUMERIC = List.of("amount sign", "amount size", "weekday", "day of month",
      "round amount");

  private final TfidfVectorizer vectorizer;
  private final int[] selected;
  private final int[] denseOf;

  FeatureSpace(TfidfVectorizer vectorizer, int[] selected) {
    this.vectorizer = vectorizer;
    this.selected = selected.clone();
    this.denseOf = new int[vectorizer.size()];
    Arrays.fill(denseOf, -1);
    for (int j = 0; j < selected.length; j++) {
      denseOf[selected[j]] = j;
    }
  }

  /**
   * Fits the vocabulary and chooses the informative n-grams.
   *
   * @param examples the training transactions
   * @param labels the label index of each
   * @param classes the number of labels
   * @param vocabulary the largest vocabulary
   * @param textFeatures how many n-grams to keep
   * @return the feature space
   */
  static FeatureSpace fit(List<Transaction> examples, int[] labels, int classes, int vocabulary, int textFeatures) {
    List<List<String>> docs = new ArrayList<>(examples.size());
    for (Transaction t : examples) {
      docs.add(BankText.tokens(t.description()));
    }
    TfidfVectorizer v = TfidfVectorizer.fit(docs, vocabulary);
    List<SparseVector> vectors = new ArrayList<>(docs.size());
    for (List<String> d : docs) {
      vectors.add(v.transform(d));
    }
    boolean[] isWord = new boolean[v.size()];
    for (int i = 0; i < isWord.length; i++) {
      isWord[i] = v.term(i).startsWith("w:");
    }
    int[] sel = ChiSquareSelector.select(vectors, labels, classes, v.size(), textFeatures, isWord);
    return new FeatureSpace(v, sel);
  }

  /**
   * The width of {@link #dense(Transaction, double[])}.
   *
   * @return the number of features
   */
  int width() {
    return selected.length + NUMERIC.size();
  }

  /**
   * The vectorizer (for nearest-neighbour baselines and explanations).
   *
   * @return the vectorizer
   */
  TfidfVectorizer vectorizer() {
    return vectorizer;
  }

  /**
   * The dense vector of a transaction.
   *
   * @param t the transaction
   * @param out receives {@link #width()} values (overwritten)
   */
  void dense(Transaction t, double[] out) {
    Arrays.fill(out, 0.0);
    SparseVector v = vectorizer.transform(BankText.tokens(t.description()));
    int[] idx = v.indices();
    double[] val = v.values();
    for (int k = 0; k < idx.length; k++) {
      int j = denseOf[idx[k]];
      if (j >= 0) {
        out[j] = val[k];
      }
    }
    int base = selected.length;
    BigDecimal a = t.amount().amount();
    out[base] = a.signum();
    out[base + 1] = Math.log10(1.0 + Math.abs(a.doubleValue()));
    out[base + 2] = t.bookingDate().getDayOfWeek().getValue();
    out[base + 3] = t.bookingDate().getDayOfMonth();
    out[base + 4] = a.stripTrailingZeros().scale() <= 0 ? 1.0 : 0.0;
  }

  /**
   * A human-readable name of a feature, for explanations.
   *
   * @param j the feature index
   * @return e.g. {@code word "tesco"}, {@code chars "esc"} or {@code amount size}
   */
  String describe(int j) {
    if (j >= selected.length) {
      return NUMERIC.get(j - selected.length);
    }
    String term = vectorizer.term(selected[j]);
    if (term.startsWith("w:")) {
      return "word \"" + term.substring(2) + "\"";
    }
    return "chars \"" + term.substring(2).replace(' ', '_') + "\"";
  }

  /**
   * Whether a feature is one of the text n-grams.
   *
   * @param j the feature index
   * @return true for text, false for the numeric features
   */
  boolean isText(int j) {
    return j < selected.length;
  }

  void write(DataOutput out) throws IOException {
    String[] terms = vectorizer.terms();
    double[] idf = vectorizer.idf();
    out.writeInt(terms.length);
    for (int i = 0; i < terms.length; i++) {
      out.writeUTF(terms[i]);
      out.writeDouble(idf[i]);
    }
    out.writeInt(selected.length);
    for (int s : selected) {
      out.writeInt(s);
    }
  }

  static FeatureSpace read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000_000) {
      throw new IOException("corrupt vocabulary size " + n);
    }
    String[] terms = new String[n];
    double[] idf = new double[n];
    for (int i = 0; i < n; i++) {
      terms[i] = in.readUTF();
      idf[i] = in.readDouble();
    }
    int m = in.readInt();
    if (m < 0 || m > n) {
      throw new IOException("corrupt selection size " + m);
    }
    int[] sel = new int[m];
    for (int j = 0; j < m; j++) {
      sel[j] = in.readInt();
      if (sel[j] < 0 || sel[j] >= n) {
        throw new IOException("corrupt selected term " + sel[j]);
      }
    }
    return new FeatureSpace(TfidfVectorizer.of(terms, idf), sel);
  }
}
