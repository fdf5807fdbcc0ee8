package dev.pfms.ml.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Word and character n-gram TF-IDF over {@link BankText} tokens.
 *
 * <p>Terms are word unigrams and bigrams ({@code w:engen}, {@code w:engen mitchell}) and character
 * n-grams of each word padded with spaces ({@code c: en}, {@code c:ngen}), so that misspelt or
 * truncated merchants ({@code Woolworths} / {@code Woolwort}) still share features. Weights are
 * sublinear term frequency (1 + ln tf) times smoothed idf (ln((1+n)/(1+df)) + 1), and every vector
 * is L2-normalized over all vocabulary terms. Unknown terms are ignored.
 *
 * <p>Immutable once fitted and thread-safe.
 */
public final class TfidfVectorizer {

  /** The smallest and largest character n-gram lengths. */
  public static final int CHAR_MIN = 3;

  /** The largest character n-gram length. */
  public static final int CHAR_MAX = 5;

  private final String[] terms;
  private final double[] idf;
  private final Map<String, Integer> index;
  private final java.util.concurrent.ConcurrentHashMap<String, int[]> tokenCache =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int TOKEN_CACHE_LIMIT = 100_000;

  private TfidfVectorizer(String[] terms, double[] idf) {
    this.terms = terms;
    this.idf = idf;
    this.index = new HashMap<>(terms.length * 2);
    for (int i = 0; i < terms.length; i++) {
      if (index.put(terms[i], i) != null) {
        throw new IllegalArgumentException("duplicate term in vocabulary: " + terms[i]);
      }
    }
  }

  /**
   * Fits the vocabulary and idf weights.
   *
   * @param documents the token lists of the training documents
   * @param maxTerms the largest vocabulary kept (the most frequent terms win; ties by term)
   * @return the fitted vectorizer
   * @throws IllegalArgumentException when there are no documents or maxTerms is below 1
   */
  public static TfidfVectorizer fit(List<List<String>> documents, int maxTerms) {
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("no documents to fit TF-IDF on");
    }
    if (maxTerms < 1) {
      throw new IllegalArgumentException("maxTerms must be >= 1: " + maxTerms);
    }
    Map<String, int[]> df = new HashMap<>();
    for (List<String> doc : documents) {
      for (String t : distinct(terms(doc))) {
        df.computeIfAbsent(t, k -> new int[1])[0]++;
      }
    }
    List<Map.Entry<String, int[]>> entries = new ArrayList<>(df.entrySet());
    entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
        ? Integer.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
    int v = Math.min(maxTerms, entries.size());
    List<Map.Entry<String, int[]>> kept = new ArrayList<>(entries.subList(0, v));
    kept.sort(Map.Entry.comparingByKey());
    String[] terms = new String[v];
    double[] idf = new double[v];
    int n = documents.size();
    for (int i = 0; i < v; i++) {
      terms[i] = kept.get(i).getKey();
      idf[i] = Math.log((1.0 + n) / (1.0 + kept.get(i).getValue()[0])) + 1.0;
    }
    return new TfidfVectorizer(terms, idf);
  }

  /**
   * Rebuilds a fitted vectorizer from its saved parts.
   *
   * @param terms the vocabulary, in index order
   * @param idf the idf weight of each term
   * @return the vectorizer
   */
  public static TfidfVectorizer of(String[] terms, double[] idf) {
    if (terms.length != idf.length) {
      throw new IllegalArgumentException("terms and idf differ in length");
    }
    return new TfidfVectorizer(terms.clone(), idf.clone());
  }

  /**
   * The terms (word and character n-grams) of a token list, with repeats.
   *
   * @param tokens the tokens from {@link BankText#tokens(String)}
   * @return the terms
   */
  public static List<String> terms(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size() * 12);
    for (int i = 0; i < tokens.size(); i++) {
      String w = tokens.get(i);
      out.add("w:" + w);
      if (i + 1 < tokens.size()) {
        out.add("w:" + w + ' ' + tokens.get(i + 1));
      }
      String padded = ' ' + w + ' ';
      for (int len = CHAR_MIN; len <= CHAR_MAX; len++) {
        for (int s = 0; s + len <= padded.length(); s++) {
          out.add("c:" + padded.substring(s, s + len));
        }
      }
    }
    return out;
  }

  /**
   * The known term ids of one token (its word unigram and character n-grams), memoized: bank
   * descriptions repeat the same few thousand words, so scoring mostly skips building n-gram strings.
   * The memo is bounded and thread-safe and never changes a result.
   */
  private int[] tokenTerms(String token) {
    int[] cached = tokenCache.get(token);
    if (cached != null) {
      return cached;
    }
    List<String> ts = terms(List.of(token));
    int[] ids = new int[ts.size()];
    int n = 0;
    for (String t : ts) {
      Integer i = index.get(t);
      if (i != null) {
        ids[n++] = i;
      }
    }
    int[] result = Arrays.copyOf(ids, n);
    if (tokenCache.size() < TOKEN_CACHE_LIMIT) {
      tokenCache.putIfAbsent(token, result);
    }
    return result;
  }

  private static Collection<String> distinct(List<String> terms) {
    return new java.util.HashSet<>(terms);
  }

  /**
   * The vocabulary size.
   *
   * @return the number of terms
   */
  public int size() {
    return terms.length;
  }

  /**
   * A term by index.
   *
   * @param i the index
   * @return the term, e.g. {@code w:tesco}
   */
  public String term(int i) {
    return terms[i];
  }

  /**
   * The index of a term.
   *
   * @param term the term
   * @return its index, or -1 when not in the vocabulary
   */
  public int indexOf(String term) {
    Integer i = index.get(term);
    return i == null ? -1 : i;
  }

  /**
   * A copy of the vocabulary, in index order.
   *
   * @return the terms
   */
  public String[] terms() {
    return terms.clone();
  }

  /**
   * A copy of the idf weights, in index order.
   *
   * @return the weights
   */
  public double[] idf() {
    return idf.clone();
  }

  /**
   * The TF-IDF vector of a token list.
   *
   * @param tokens the tokens
   * @return the L2-normalized sparse vector (empty when no term is known)
   */
  public SparseVector transform(List<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    int[] ids = new int[16];
    int n = 0;
    for (int k = 0; k < tokens.size(); k++) {
      int[] known = tokenTerms(tokens.get(k));
      if (n + known.length + 1 > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(ids.length * 2, n + known.length + 1));
      }
      System.arraycopy(known, 0, ids, n, known.length);
      n += known.length;
      if (k + 1 < tokens.size()) {
        Integer b = index.get("w:" + tokens.get(k) + ' ' + tokens.get(k + 1));
        if (b != null) {
          ids[n++] = b;
        }
      }
    }
    Arrays.sort(ids, 0, n);
    int[] outIdx = new int[n];
    double[] outVal = new double[n];
    int m = 0;
    double norm = 0;
    for (int a = 0; a < n; ) {
      int b = a;
      while (b < n && ids[b] == ids[a]) {
        b++;
      }
      double w = (1.0 + Math.log(b - a)) * idf[ids[a]];
      outIdx[m] = ids[a];
      outVal[m] = w;
      norm += w * w;
      m++;
      a = b;
    }
    if (norm > 0) {
      double inv = 1.0 / Math.sqrt(norm);
      for (int k = 0; k < m; k++) {
        outVal[k] *= inv;
      }
    }
    return new SparseVector(Arrays.copyOf(outIdx, m), Arrays.copyOf(outVal, m));
  }
}
