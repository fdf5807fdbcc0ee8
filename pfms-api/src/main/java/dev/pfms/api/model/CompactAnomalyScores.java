package dev.pfms.api.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of anomaly scores stored column by column (ADR 0019): the transaction id as two
 * {@code long}s when it is 32 lower-case hex digits, the score as a {@code double}, the flag as a
 * byte, and the reasons of flagged rows only. ~17 bytes a row against ~104 for an
 * {@link AnomalyScore} and its own id string. {@link #get(int)} builds a score equal to the one
 * added. Thread-safe; the {@link Builder} is not.
 */
public final class CompactAnomalyScores extends AbstractList<AnomalyScore> implements RandomAccess {


  private final int size;
  private final long[] idHi;
  private final long[] idLo;
  private final double[] score;
  private final byte[] flags;
  private final Map<Integer, String> oddIds;
  private final Map<Integer, List<String>> reasons;

  private CompactAnomalyScores(Builder b) {
    size = b.size;
    idHi = Arrays.copyOf(b.idHi, size);
    idLo = Arrays.copyOf(b.idLo, size);
    score = Arrays.copyOf(b.score, size);
    flags = Arrays.copyOf(b.flags, size);
    oddIds = Map.copyOf(b.oddIds);
    reasons = Map.copyOf(b.reasons);
  }

  /**
   * A builder.
   *
   * @param expected the expected number of rows (a hint)
   * @return a new builder
   */
  public static Builder builder(int expected) {
    return new Builder(expected);
  }

  /**
   * An immutable copy that keeps a compact list as it is instead of materializing it as
   * {@link List#copyOf} would.
   *
   * @param scores the scores
   * @return {@code scores} when compact, else {@code List.copyOf(scores)}
   */
  public static List<AnomalyScore> immutableCopy(List<AnomalyScore> scores) {
    return scores instanceof CompactAnomalyScores c ? c : List.copyOf(scores);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public AnomalyScore get(int i) {
    Objects.checkIndex(i, size);
    String id = (flags[i] & 2) != 0 ? oddIds.get(i) : HexIds.id(idHi[i], idLo[i]);
    boolean flagged = (flags[i] & 1) != 0;
    List<String> r = reasons.get(i);
    return new AnomalyScore(id, score[i], flagged, r == null ? List.of() : r);
  }

  /** Collects scores into a {@link CompactAnomalyScores}. Not thread-safe; build once. */
  public static final class Builder {
    private int size;
    private long[] idHi;
    private long[] idLo;
    private double[] score;
    private byte[] flags;
    private final Map<Integer, String> oddIds = new HashMap<>();
    private final Map<Integer, List<String>> reasons = new HashMap<>();

    private Builder(int expected) {
      int n = Math.max(16, expected);
      idHi = new long[n];
      idLo = new long[n];
      score = new double[n];
      flags = new byte[n];
    }

    /**
     * Adds a score.
     *
     * @param s the score
     * @return this
     */
    public Builder add(AnomalyScore s) {
      Objects.requireNonNull(s, "score");
      if (size == idHi.length) {
        int n = (int) Math.min(Integer.MAX_VALUE - 16L, idHi.length + (idHi.length >> 1) + 16L);
        idHi = Arrays.copyOf(idHi, n);
        idLo = Arrays.copyOf(idLo, n);
        score = Arrays.copyOf(score, n);
        flags = Arrays.copyOf(flags, n);
      }
      int i = size;
      String id = s.transactionId();
      byte f = (byte) (s.flagged() ? 1 : 0);
      if (!HexIds.parseInto(id, idHi, idLo, i)) {
        f |= 2;
        oddIds.put(i, id);
      }
      score[i] = s.score();
      flags[i] = f;
      if (!s.reasons().isEmpty()) {
        reasons.put(i, s.reasons());
      }
      size++;
      return this;
    }

    /**
     * The list of the scores added.
     *
     * @return the compact list
     */
    public CompactAnomalyScores build() {
      return new CompactAnomalyScores(this);
    }
  }
}
