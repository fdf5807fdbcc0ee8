package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.pipeline.AnalysisResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactPredictionsTest {

  private static final List<Category> CATEGORIES = List.of(Category.UNCATEGORIZED, Category.of("FOOD_AND_DRINK"),
      Category.of("FOOD_AND_DRINK_GROCERIES"), Category.of("TRANSPORTATION"), Category.of("TRANSPORTATION_TAXIS"),
      Category.of("RENT_AND_UTILITIES"), Category.of("ENTERTAINMENT"));

  /** Random predictions with 0..5 alternatives (more than the inline three), repeated and unique explanations. */
  static List<Prediction> random(int n, long seed) {
    Random r = new Random(seed);
    List<Prediction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int chosen = r.nextInt(CATEGORIES.size());
      List<ScoredCategory> alternatives = new ArrayList<>();
      int k = r.nextInt(6);
      for (int j = 0; j < CATEGORIES.size() && alternatives.size() < k; j++) {
        if (j != chosen) {
          alternatives.add(new ScoredCategory(CATEGORIES.get(j), r.nextInt(4) == 0 ? 0 : r.nextDouble()));
        }
      }
      List<String> why = switch (r.nextInt(4)) {
        case 0 -> List.of();
        case 1 -> List.of("nearest labelled transaction: 'tesco stores'", "detailed X (1.00), primary Y (1.00)");
        case 2 -> List.of("row " + i, "detailed X (1.00), primary Y (1.00)");
        default -> List.of(new String("nearest labelled transaction: 'tesco stores'"),
            new String("detailed X (1.00), primary Y (1.00)"));
      };
      double confidence = i == 3 ? Double.MIN_VALUE : i == 4 ? 1.0 : r.nextDouble();
      out.add(new Prediction(CATEGORIES.get(chosen), confidence, alternatives, why, r.nextBoolean(),
          r.nextInt(3) == 0 ? "correction" : "stacked-gbm"));
    }
    return out;
  }

  @Test
  void everyPredictionComesBackEqualWhateverTheOrderItWasSetIn() {
    List<Prediction> plain = random(2_000, 11);
    CompactPredictions.Builder b = CompactPredictions.builder(plain.size());
    for (int i = plain.size() - 1; i >= 0; i -= 2) {
      b.set(i, plain.get(i));
    }
    for (int i = plain.size() - 2; i >= 0; i -= 2) {
      b.set(i, plain.get(i));
    }
    CompactPredictions c = b.build();
    assertThat(c).isEqualTo(plain);
    assertThat(c.hashCode()).isEqualTo(plain.hashCode());
    for (int i = 0; i < plain.size(); i++) {
      Prediction p = plain.get(i);
      assertThat(c.category(i)).isEqualTo(p.category());
      assertThat(Double.doubleToRawLongBits(c.confidence(i))).isEqualTo(Double.doubleToRawLongBits(p.confidence()));
      assertThat(c.needsReview(i)).isEqualTo(p.needsReview());
      for (int k = 0; k < p.alternatives().size(); k++) {
        assertThat(Double.doubleToRawLongBits(c.get(i).alternatives().get(k).probability()))
            .isEqualTo(Double.doubleToRawLongBits(p.alternatives().get(k).probability()));
      }
    }
    assertThat(CompactPredictions.of(plain)).isEqualTo(plain);
    assertThat(CompactPredictions.of(c)).isSameAs(c);
  }

  @Test
  void equalExplanationsAreStoredOnce() {
    List<Prediction> plain = random(1_000, 5);
    CompactPredictions c = CompactPredictions.of(plain);
    Prediction first = null;
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).explanation().size() == 2 && c.get(i).explanation().get(0).startsWith("nearest")) {
        if (first == null) {
          first = c.get(i);
        } else {
          assertThat(c.get(i).explanation()).isSameAs(first.explanation());
        }
      }
    }
    assertThat(first).isNotNull();
    List<Prediction> repeating = new ArrayList<>();
    for (Prediction p : random(10_000, 6)) {
      repeating.add(new Prediction(p.category(), p.confidence(), p.alternatives().subList(0,
          Math.min(3, p.alternatives().size())), List.of("merchant seen 12 times as " + p.category().code()),
          p.needsReview(), p.model()));
    }
    assertThat(CompactPredictions.of(repeating).retainedBytes()).isLessThan(70L * repeating.size());
  }

  @Test
  void aRowLeftUnsetOrSetTwiceIsRefused() {
    List<Prediction> plain = random(3, 1);
    CompactPredictions.Builder b = CompactPredictions.builder(3);
    b.set(0, plain.get(0)).set(2, plain.get(2));
    assertThatThrownBy(() -> b.set(2, plain.get(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("row 2");
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("row 1");
    assertThatThrownBy(() -> b.set(3, plain.get(1))).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(CompactPredictions.builder(0).build()).isEmpty();
  }

  @Test
  void theResultKeepsTheCompactList() {
    List<Transaction> txs = CompactTransactionsTest.awkward();
    CompactPredictions c = CompactPredictions.of(random(txs.size(), 3));
    List<AnomalyScore> scores = new ArrayList<>();
    txs.forEach(t -> scores.add(new AnomalyScore(t.id(), 0.5, false, List.of())));
    assertThat(new AnalysisResult(txs, c, scores, Map.of()).predictions()).isSameAs(c);
  }
}
