package dev.pfms.ml.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the few hundred TF-IDF terms that best tell labels apart, by the chi-squared statistic of
 * term presence against each label.
 *
 * <p>Selection is round-robin over labels: each label contributes its best remaining term in turn,
 * so a label with two examples gets its own distinctive n-grams instead of losing every slot to the
 * big labels. Only terms positively associated with a label count for it. Deterministic: ties are
 * broken by term index. Stateless; the result is a plain array.
 */
public final class ChiSquareSelector {

  private ChiSquareSelector() {}

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
        scored.add(new double[] {chi, t});
      }
      scored.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[1], y[1]));
      int[] order = new int[scored.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = (int) scored.get(i)[1];
      }
      ranked.add(order);
    }
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
        if (pos[c] < order.length) {
          int t = order[pos[c]++];
          taken[t] = true;
          out[m++] = t;
          progress = true;
        }
      }
    }
    int[] result = Arrays.copyOf(out, m);
    Arrays.sort(result);
    return result;
  }
}
