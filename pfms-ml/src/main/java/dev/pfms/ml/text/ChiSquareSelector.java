package dev.pfms.ml.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the few hundred TF-IDF terms that best tell labels apart, by the chi-squared statistic of
 * term presence against each label.
 *
 * <p>Selection is round-robin over labels: each label contributes one term in turn, so a label with
 * two examples gets its own distinctive n-grams instead of losing every slot to the big labels. A
 * label's turn takes its highest-scoring term that occurs in one of its training documents no
 * selected term covers yet (so a label with eight merchants gets a term for each merchant before a
 * second n-gram of the first); once every document is covered, simply its next best term. Only terms
 * positively associated with a label count for it. Deterministic: ties go to whole words, then to
 * the lower term index. Stateless; the result is a plain array.
 */
public final class ChiSquareSelector {

  private ChiSquareSelector() {}

  private static int[][] postings(List<SparseVector> docs, int vocabulary, int[] df) {
    int[][] p = new int[vocabulary][];
    int[] fill = new int[vocabulary];
    for (int t = 0; t < vocabulary; t++) {
      p[t] = new int[df[t]];
    }
    for (int d = 0; d < docs.size(); d++) {
      for (int t : docs.get(d).indices()) {
        p[t][fill[t]++] = d;
      }
    }
    return p;
  }

  private static boolean coversNew(int[] posting, int[] labels, int c, boolean[] covered) {
    for (int d : posting) {
      if (labels[d] == c && !covered[d]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Selects terms.
   *
   * @param docs the TF-IDF vectors of the training documents
   * @param labels the label index of each document, in {@code [0, classes)}
   * @param classes the number of labels
   * @param vocabulary the vocabulary size
   * @param count how many terms to keep at most
   * @return the selected term indices, sorted ascending
   */
  public static int[] select(List<SparseVector> docs, int[] labels, int classes, int vocabulary, int count) {
    return select(docs, labels, classes, vocabulary, count, null);
  }

  /**
   * Selects terms, preferring whole-word terms over character n-grams when their scores tie.
   *
   * @param docs the TF-IDF vectors of the training documents
   * @param labels the label index of each document, in {@code [0, classes)}
   * @param classes the number of labels
   * @param vocabulary the vocabulary size
   * @param count how many terms to keep at most
   * @param isWord which terms are whole words, or {@code null}
   * @return the selected term indices, sorted ascending
   */
  public static int[] select(List<SparseVector> docs, int[] labels, int classes, int vocabulary, int count,
      boolean[] isWord) {
    if (docs.size() != labels.length) {
      throw new IllegalArgumentException("docs and labels differ in length");
    }
    int n = docs.size();
    int[][] present = new int[vocabulary][];
    int[] df = new int[vocabulary];
    for (SparseVector d : docs) {
      for (int t : d.indices()) {
        df[t]++;
      }
    }
    for (int t = 0; t < vocabulary; t++) {
      present[t] = df[t] == 0 ? null : new int[classes];
    }
    int[] classSize = new int[classes];
    for (int i = 0; i < n; i++) {
      classSize[labels[i]]++;
      for (int t : docs.get(i).indices()) {
        present[t][labels[i]]++;
      }
    }
    List<int[]> ranked = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      List<double[]> scored = new ArrayList<>();
      for (int t = 0; t < vocabulary; t++) {
        if (present[t] == null || present[t][c] == 0) {
          continue;
        }
        double a = present[t][c];
        double b = df[t] - a;
        double cc = classSize[c] - a;
        double d = n - classSize[c] - b;
        if (a / classSize[c] <= (n - classSize[c] == 0 ? 0 : b / (n - classSize[c]))) {
          continue;
        }
        double den = (a + cc) * (b + d) * (a + b) * (cc + d);
        double chi = den == 0 ? 0 : n * Math.pow(a * d - b * cc, 2) / den;
        // on a tie, whole words before character n-grams, then by index
        scored.add(new double[] {chi, t, (isWord != null && isWord[t] ? 0 : 1) * (double) vocabulary + t});
      }
      scored.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[2], y[2]));
      int[] order = new int[scored.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = (int) scored.get(i)[1];
      }
      ranked.add(order);
    }
    int[][] postings = postings(docs, vocabulary, df);
    boolean[] covered = new boolean[n];
    boolean[] taken = new boolean[vocabulary];
    int[] pos = new int[classes];
    int[] out = new int[Math.min(count, vocabulary)];
    int m = 0;
    boolean progress = true;
    while (m < out.length && progress) {
      progress = false;
      for (int c = 0; c < classes && m < out.length; c++) {
        int[] order = ranked.get(c);
        while (pos[c] < order.length && taken[order[pos[c]]]) {
          pos[c]++;
        }
        int pick = -1;
        for (int k = pos[c]; k < order.length && pick < 0; k++) {
          int t = order[k];
          if (!taken[t] && coversNew(postings[t], labels, c, covered)) {
            pick = t;
          }
        }
        if (pick < 0 && pos[c] < order.length) {
          pick = order[pos[c]];
        }
        if (pick >= 0) {
          taken[pick] = true;
          out[m++] = pick;
          for (int d : postings[pick]) {
            if (labels[d] == c) {
              covered[d] = true;
            }
          }
          progress = true;
        }
      }
    }
    int[] result = Arrays.copyOf(out, m);
    Arrays.sort(result);
    return result;
  }
}
