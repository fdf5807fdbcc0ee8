package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The final scorer chosen from out-of-fold accuracies (ADR 0018, ADR 0028 decision 5). */
class ScorerChoiceTest {

  private static double[] fitted(double logit, double gbm, double blend) {
    double[] a = new double[4];
    a[StackedModel.SIMILARITY] = Double.NaN;
    a[StackedModel.LOGIT] = logit;
    a[StackedModel.GBM] = gbm;
    a[StackedModel.BLEND] = blend;
    return a;
  }

  @Test
  void onATieTheLogitWinsOverTreesAndTheBlend() {
    assertThat(StackedModel.chooseScorer(0.99, 0.003, fitted(0.9939, 0.9939, 0.9939))).isEqualTo(StackedModel.LOGIT);
  }

  @Test
  void aCostlierScorerIsChosenOnlyWhenBetter() {
    assertThat(StackedModel.chooseScorer(0.99, 0.003, fitted(0.990, 0.995, 0.994))).isEqualTo(StackedModel.GBM);
    assertThat(StackedModel.chooseScorer(0.99, 0.003, fitted(0.990, 0.995, 0.995))).isEqualTo(StackedModel.BLEND);
    assertThat(StackedModel.chooseScorer(0.99, 0.003, fitted(0.990, Double.NaN, Double.NaN)))
        .isEqualTo(StackedModel.LOGIT);
  }

  @Test
  void theSimilarityScoreWinsOnlyByMoreThanOneStandardError() {
    // within one standard error below the similarity score a fitted scorer is kept
    assertThat(StackedModel.chooseScorer(0.70, 0.03, fitted(0.68, Double.NaN, Double.NaN)))
        .isEqualTo(StackedModel.LOGIT);
    assertThat(StackedModel.chooseScorer(0.70, 0.03, fitted(0.66, Double.NaN, Double.NaN)))
        .isEqualTo(StackedModel.SIMILARITY);
    assertThat(StackedModel.chooseScorer(0.70, 0.03, fitted(Double.NaN, Double.NaN, Double.NaN)))
        .isEqualTo(StackedModel.SIMILARITY);
  }
}
