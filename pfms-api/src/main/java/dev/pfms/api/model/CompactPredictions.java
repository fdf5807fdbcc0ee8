package dev.pfms.api.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of predictions stored column by column, for histories of millions of rows (ADR
 * 0026): the category, each alternative's category and the model name as codes into tables of their
 * distinct values; confidence and the alternatives' probabilities as {@code double}s; the review flag
 * as a byte; the explanation as a code into a table of the distinct explanation lists (a long history
 * repeats its merchants, and so their explanations). About 58 bytes a row with three alternatives,
 * against ~170 for a {@link Prediction}, its lists and its {@link ScoredCategory}s. {@link #get(int)}
 * builds a prediction equal to the one that was set; {@link #category(int)}, {@link #confidence(int)}
 * and {@link #needsReview(int)} read one column without building it.
 *
 * <p>{@link List#copyOf} would materialize every row; {@link #immutableCopy(List)} keeps a compact list
 * as it is. Thread-safe; the {@link Builder} is not.
 */
public final class CompactPredictions extends AbstractList<Prediction> implements RandomAccess {

  /** Alternatives kept inline per row; a row with more keeps its list in a side table. */
  static final int INLINE = 3;
  private static final byte REVIEW = 1;
  private static final byte MORE_ALTERNATIVES = 2;

  private final int size;
  private final int[] category;
  private final double[] confidence;
  private final byte[] flags;
  private final byte[] alternativeCount;
  private final int[] alternativeCategory;
  private final double[] alternativeProbability;
  private final int[] explanation;
  private final int[] model;
  private final Category[] categories;
  private final String[] models;
  private final Object[] explanations;
  private final Map<Integer, List<ScoredCategory>> moreAlternatives;

  private CompactPredictions(Builder b) {
    for (int i = 0; i < b.size; i++) {
      if (b.model[i] < 0) {
        throw new IllegalStateException("no prediction was set at row " + i);
      }
    }
    size = b.size;
    category = b.category;
    confidence = b.confidence;
    flags = b.flags;
    alternativeCount = b.alternativeCount;
    alternativeCategory = b.alternativeCategory;
    alternativeProbability = b.alternativeProbability;
    explanation = b.explanation;
    model = b.model;
    categories = b.categories.toArray(new Category[0]);
    models = b.models.toArray(new String[0]);
    explanations = b.explanations.toArray();
    moreAlternatives = Map.copyOf(b.moreAlternatives);
  }

  /**
   * A builder for exactly {@code size} predictions, set in any order.
   *
   * @param size the number of rows
   * @return a new builder
   */
  public static Builder builder(int size) {
    return new Builder(size);
  }

  /**
   * A compact copy of any list of predictions.
   *
   * @param predictions the predictions
   * @return the compact list
   */
  public static CompactPredictions of(List<Prediction> predictions) {
    if (predictions instanceof CompactPredictions c) {
      return c;
    }
    Builder b = builder(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      b.set(i, predictions.get(i));
    }
    return b.build();
  }

  /**
   * An immutable copy that keeps a compact list as it is instead of materializing it as
   * {@link List#copyOf} would.
   *
   * @param predictions the predictions
   * @return {@code predictions} when compact, else {@code List.copyOf(predictions)}
   */
  public static List<Prediction> immutableCopy(List<Prediction> predictions) {
    return predictions instanceof CompactPredictions c ? c : List.copyOf(predictions);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Prediction get(int i) {
    Objects.checkIndex(i, size);
    List<ScoredCategory> alternatives;
    if ((flags[i] & MORE_ALTERNATIVES) != 0) {
      alternatives = moreAlternatives.get(i);
    } else {
      int n = alternativeCount[i];
      ScoredCategory[] a = new ScoredCategory[n];
      for (int k = 0; k < n; k++) {
        a[k] = new ScoredCategory(categories[alternativeCategory[i * INLINE + k]],
            alternativeProbability[i * INLINE + k]);
      }
      alternatives = List.of(a);
    }
    @SuppressWarnings("unchecked")
    List<String> why = (List<String>) explanations[explanation[i]];
    return new Prediction(categories[category[i]], confidence[i], alternatives, why, (flags[i] & REVIEW) != 0,
        models[model[i]]);
  }

  /**
   * The chosen category of one row, without building the prediction.
   *
   * @param i the row
   * @return its category
   */
  public Category category(int i) {
    Objects.checkIndex(i, size);
    return categories[category[i]];
  }

  /**
   * The confidence of one row, without building the prediction.
   *
   * @param i the row
   * @return its confidence
   */
  public double confidence(int i) {
    Objects.checkIndex(i, size);
    return confidence[i];
  }

  /**
   * Whether one row needs review, without building the prediction.
   *
   * @param i the row
   * @return its review flag
   */
  public boolean needsReview(int i) {
    Objects.checkIndex(i, size);
    return (flags[i] & REVIEW) != 0;
  }

  /**
   * The bytes the columns hold (arrays and their headers; the distinct explanation lists counted
   * roughly), to report what a retained row costs.
   *
   * @return an estimate of the retained bytes
   */
  public long retainedBytes() {
    long b = 16L * 13 + size * (4L + 8 + 1 + 1 + INLINE * (4L + 8) + 4 + 4);
    for (Object e : explanations) {
      for (Object s : (List<?>) e) {
        b += 8 + 56 + 2L * ((String) s).length();
      }
      b += 32;
    }
    return b + 96L * moreAlternatives.size() + 64L * categories.length;
  }

  /**
   * Collects predictions into a {@link CompactPredictions}: every row from 0 to {@code size - 1} is set
   * once (in any order) before {@link #build()}. Not thread-safe; build once.
   */
  public static final class Builder {
    /** Distinct explanation lists and strings looked up for sharing; past this, new ones are kept as they come. */
    private static final int MAX_SHARED = 1 << 16;

    private final int size;
    private final int[] category;
    private final double[] confidence;
    private final byte[] flags;
    private final byte[] alternativeCount;
    private final int[] alternativeCategory;
    private final double[] alternativeProbability;
    private final int[] explanation;
    private final int[] model;
    private final List<Category> categories = new ArrayList<>();
    private final Map<Category, Integer> categoryIndex = new HashMap<>();
    private final List<String> models = new ArrayList<>();
    private final Map<String, Integer> modelIndex = new HashMap<>();
    private final List<List<String>> explanations = new ArrayList<>();
    private final Map<List<String>, Integer> explanationIndex = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<Integer, List<ScoredCategory>> moreAlternatives = new HashMap<>();
    private boolean built;

    private Builder(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative: " + size);
      }
      this.size = size;
      category = new int[size];
      confidence = new double[size];
      flags = new byte[size];
      alternativeCount = new byte[size];
      alternativeCategory = new int[Math.multiplyExact(size, INLINE)];
      alternativeProbability = new double[size * INLINE];
      explanation = new int[size];
      model = new int[size];
      Arrays.fill(model, -1);
    }

    /**
     * Sets one row.
     *
     * @param i the row, in {@code [0, size)}
     * @param p its prediction
     * @return this
     * @throws IllegalStateException when the row was set already or the list was built
     */
    public Builder set(int i, Prediction p) {
      Objects.checkIndex(i, size);
      Objects.requireNonNull(p, "prediction");
      if (built) {
        throw new IllegalStateException("already built");
      }
      if (model[i] >= 0) {
        throw new IllegalStateException("row " + i + " was set already");
      }
      byte f = p.needsReview() ? REVIEW : 0;
      List<ScoredCategory> alternatives = p.alternatives();
      if (alternatives.size() > INLINE) {
        f |= MORE_ALTERNATIVES;
        moreAlternatives.put(i, alternatives);
      } else {
        for (int k = 0; k < alternatives.size(); k++) {
          ScoredCategory a = alternatives.get(k);
          alternativeCategory[i * INLINE + k] = code(a.category());
          alternativeProbability[i * INLINE + k] = a.probability();
        }
        alternativeCount[i] = (byte) alternatives.size();
      }
      category[i] = code(p.category());
      confidence[i] = p.confidence();
      flags[i] = f;
      explanation[i] = explanationCode(p.explanation());
      Integer m = modelIndex.get(p.model());
      if (m == null) {
        m = models.size();
        models.add(p.model());
        modelIndex.put(p.model(), m);
      }
      model[i] = m;
      return this;
    }

    /**
     * The list of the predictions set.
     *
     * @return the compact list
     * @throws IllegalStateException when a row was not set, or when called twice
     */
    public CompactPredictions build() {
      if (built) {
        throw new IllegalStateException("already built");
      }
      CompactPredictions out = new CompactPredictions(this);
      built = true;
      return out;
    }

    private int code(Category c) {
      Integer k = categoryIndex.get(c);
      if (k == null) {
        k = categories.size();
        categories.add(c);
        categoryIndex.put(c, k);
      }
      return k;
    }

    private int explanationCode(List<String> why) {
      Integer k = explanationIndex.get(why);
      if (k != null) {
        return k;
      }
      // a new list: its sentences may still repeat other rows' ("detailed X (1.00), primary Y (1.00)")
      String[] parts = why.toArray(new String[0]);
      for (int j = 0; j < parts.length; j++) {
        String s = strings.get(parts[j]);
        if (s != null) {
          parts[j] = s;
        } else if (strings.size() < MAX_SHARED) {
          strings.put(parts[j], parts[j]);
        }
      }
      List<String> kept = List.of(parts);
      int code = explanations.size();
      explanations.add(kept);
      if (explanationIndex.size() < MAX_SHARED) {
        explanationIndex.put(kept, code);
      }
      return code;
    }
  }
}
