package dev.pfms.ml.stack;

import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bounds on what a {@code stacked-gbm} fit sees, so that its cost grows with the number of distinct
 * merchants and labels, not with the length of the labelled history (most rows of a year's history
 * repeat a merchant: the same normalized text under the same label).
 *
 * <ol>
 *   <li><b>Deduplication.</b> Labelled rows are grouped by their normalized description (the text
 *       stage 1 indexes) and label; a group keeps its {@code perTextAndLabel} most recent rows (by
 *       booking date, later rows first on ties).
 *   <li><b>Per-label cap.</b> A label that still has more than {@code perLabel} rows keeps
 *       {@code perLabel} of them, taken round by round across its groups in a seeded order (the
 *       most recent row of every group first, then the second most recent, …), so a capped label
 *       keeps every merchant it has while there is room for one row each.
 * </ol>
 *
 * <p>Corrections are always kept. The kept rows are in their original order. With histories below
 * both bounds (every evaluation data set) the fit sees exactly the rows it was given.
 *
 * @param perTextAndLabel most rows kept per (normalized text, label); 0 = no deduplication
 * @param perLabel most rows kept per label; 0 = no cap
 * @param seed the seed of the per-label order
 */
public record TrainingBounds(int perTextAndLabel, int perLabel, long seed) {

  /** Validates the bounds. */
  public TrainingBounds {
    if (perTextAndLabel < 0 || perLabel < 0) {
      throw new IllegalArgumentException("bounds must be >= 0 (0 = off): " + perTextAndLabel + ", " + perLabel);
    }
  }

  /**
   * The defaults: 8 rows per (text, label), 500 per label, seed 42 (measured: ADR 0019).
   *
   * @return the default bounds
   */
  public static TrainingBounds defaults() {
    return new TrainingBounds(8, 500, 42);
  }

  /**
   * No bounds: the fit sees every row.
   *
   * @return bounds that keep everything
   */
  public static TrainingBounds none() {
    return new TrainingBounds(0, 0, 42);
  }

  /**
   * What {@link #apply} kept.
   *
   * @param kept the rows to fit on, in their original order
   * @param seen rows given
   * @param groups distinct (normalized text, label) groups
   */
  public record Bounded(List<Transaction> kept, int seen, int groups) {}

  /**
   * Applies the bounds.
   *
   * @param data the training data (its corrections are always kept)
   * @return the rows kept, in their original order
   */
  public Bounded apply(TrainingData data) {
    List<Transaction> rows = data.examples();
    int n = rows.size();
    List<String> texts = Evidence.texts(rows);
    // label -> (text -> row indices), in first-seen order
    Map<String, Map<String, List<Integer>>> byLabel = new LinkedHashMap<>();
    boolean[] keep = new boolean[n];
    int groups = 0;
    for (int i = 0; i < n; i++) {
      if (data.isCorrection(i)) {
        keep[i] = true;
        continue;
      }
      List<Integer> g = byLabel.computeIfAbsent(rows.get(i).category().code(), k -> new LinkedHashMap<>())
          .computeIfAbsent(texts.get(i), k -> new ArrayList<>());
      groups += g.isEmpty() ? 1 : 0;
      g.add(i);
    }
    if ((perTextAndLabel == 0 || perTextAndLabel >= n) && (perLabel == 0 || perLabel >= n)) {
      return new Bounded(rows, n, groups);
    }
    Random random = new Random(seed);
    for (Map.Entry<String, Map<String, List<Integer>>> label : byLabel.entrySet()) {
      List<int[]> recentFirst = new ArrayList<>(label.getValue().size());
      int total = 0;
      for (List<Integer> g : label.getValue().values()) {
        int[] idx = g.stream().mapToInt(Integer::intValue).toArray();
        // most recent first: by booking date descending, later input rows first on ties
        Integer[] boxed = Arrays.stream(idx).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> {
          int c = rows.get(b).bookingDate().compareTo(rows.get(a).bookingDate());
          return c != 0 ? c : Integer.compare(b, a);
        });
        int len = perTextAndLabel == 0 ? boxed.length : Math.min(perTextAndLabel, boxed.length);
        int[] kept = new int[len];
        for (int j = 0; j < len; j++) {
          kept[j] = boxed[j];
        }
        recentFirst.add(kept);
        total += len;
      }
      if (perLabel == 0 || total <= perLabel) {
        for (int[] g : recentFirst) {
          for (int i : g) {
            keep[i] = true;
          }
        }
        continue;
      }
      Collections.shuffle(recentFirst, random);
      int room = perLabel;
      for (int round = 0; room > 0; round++) {
        for (int[] g : recentFirst) {
          if (room > 0 && round < g.length) {
            keep[g[round]] = true;
            room--;
          }
        }
      }
    }
    List<Transaction> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        kept.add(rows.get(i));
      }
    }
    return new Bounded(kept.size() == n ? rows : List.copyOf(kept), n, groups);
  }
}
