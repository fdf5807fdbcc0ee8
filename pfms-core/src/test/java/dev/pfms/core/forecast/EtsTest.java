package dev.pfms.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EtsTest {

  private static final Currency GBP = Currency.getInstance("GBP");

  private static TimeSeries monthly(double[] y) {
    List<BigDecimal> v = new ArrayList<>();
    for (double d : y) {
      v.add(BigDecimal.valueOf(d).setScale(2, java.math.RoundingMode.HALF_UP));
    }
    return new TimeSeries("s", Granularity.MONTHLY, LocalDate.of(2022, 1, 1), GBP, v);
  }

  @Test
  void simpleSmoothingOfALevelWithNoiseForecastsTheLevel() {
    Random r = new Random(1);
    double[] y = new double[48];
    for (int i = 0; i < y.length; i++) {
      y[i] = 200 + r.nextGaussian() * 10;
    }
    EtsModel m = Ets.fit(y, 1, new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.NONE));
    assertThat(m.forecast(3)[0]).isCloseTo(200, offset(8.0));
    assertThat(m.alpha()).isBetween(0.0, 0.5);
    assertThat(Math.sqrt(m.sigma2())).isCloseTo(10, offset(4.0));
  }

  @Test
  void aicSelectsATrendModelForALinearTrendAndExtrapolatesIt() {
    Random r = new Random(2);
    double[] y = new double[36];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + 5 * i + r.nextGaussian() * 2;
    }
    EtsModel m = Ets.select(y, 1);
    assertThat(m.spec().trend()).isNotEqualTo(Ets.Trend.NONE);
    assertThat(m.forecast(1)[0]).isCloseTo(100 + 5 * 36, offset(8.0));
  }

  @Test
  void aicSelectsASeasonalModelForAStrongYearlyPatternAndRepeatsIt() {
    Random r = new Random(3);
    double[] y = new double[48];
    for (int i = 0; i < y.length; i++) {
      y[i] = 500 + 150 * Math.sin(2 * Math.PI * i / 12) + r.nextGaussian() * 10;
    }
    EtsModel m = Ets.select(y, 12);
    assertThat(m.spec().season()).isNotEqualTo(Ets.Season.NONE);
    double[] f = m.forecast(12);
    for (int h = 0; h < 12; h++) {
      assertThat(f[h]).isCloseTo(500 + 150 * Math.sin(2 * Math.PI * (48 + h) / 12), offset(40.0));
    }
  }

  @Test
  void multiplicativeSeasonIsOfferedOnlyForStrictlyPositiveSeries() {
    double[] positive = new double[30];
    double[] withZero = new double[30];
    for (int i = 0; i < 30; i++) {
      positive[i] = 10 + i % 7;
      withZero[i] = i % 7;
    }
    assertThat(Ets.candidates(positive, 7)).anyMatch(s -> s.season() == Ets.Season.MULTIPLICATIVE);
    assertThat(Ets.candidates(withZero, 7)).noneMatch(s -> s.season() == Ets.Season.MULTIPLICATIVE);
  }

  @Test
  void seasonalModelsNeedEnoughPointsForTheirParametersAndASeasonOfAtMost24() {
    // ETS(A,N,A) with m = 12 estimates alpha, gamma, l0, 11 seasonal states and sigma: k = 15;
    // fit() takes it from n = 17 (forecast::ets's rule), automatic selection from two full seasons
    assertThat(Ets.fit(new double[16], 12, new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.ADDITIVE)))
        .isNull();
    double[] y = new double[17];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + 10 * Math.sin(i) + i % 3;
    }
    assertThat(Ets.fit(y, 12, new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.ADDITIVE))).isNotNull();
    assertThat(Ets.candidates(new double[23], 12)).allMatch(s -> s.season() == Ets.Season.NONE);
    assertThat(Ets.candidates(new double[24], 12)).contains(
        new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.ADDITIVE));
    // forecast::ets ignores seasons longer than 24 (weekly data)
    assertThat(Ets.candidates(new double[200], 52)).allMatch(s -> s.season() == Ets.Season.NONE);
    assertThat(Ets.candidates(new double[4], 12)).isEmpty();
    assertThat(Ets.candidates(new double[5], 12)).containsExactly(
        new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.NONE));
  }

  @Test
  void intervalsWidenWithTheHorizonAndCoverAboutTheirLevelOnSimulatedData() {
    Random r = new Random(4);
    int covered80 = 0;
    int covered95 = 0;
    int trials = 200;
    for (int k = 0; k < trials; k++) {
      double[] y = new double[41];
      double level = 100;
      for (int i = 0; i < y.length; i++) {
        double e = r.nextGaussian() * 5;
        y[i] = level + e;
        level += 0.3 * e;
      }
      EtsModel m = Ets.fit(java.util.Arrays.copyOf(y, 40), 1,
          new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.NONE));
      double[][] i80 = m.intervals(1, 0.8);
      double[][] i95 = m.intervals(1, 0.95);
      covered80 += y[40] >= i80[0][0] && y[40] <= i80[0][1] ? 1 : 0;
      covered95 += y[40] >= i95[0][0] && y[40] <= i95[0][1] ? 1 : 0;
      if (k == 0) {
        double[][] wide = m.intervals(6, 0.8);
        assertThat(wide[5][1] - wide[5][0]).isGreaterThan(wide[0][1] - wide[0][0]);
      }
    }
    assertThat(covered80 / (double) trials).isBetween(0.70, 0.90);
    assertThat(covered95 / (double) trials).isBetween(0.88, 1.0);
  }

  @Test
  void dampedTrendForecastsFlattenOut() {
    Random r = new Random(5);
    double[] y = new double[30];
    for (int i = 0; i < y.length; i++) {
      y[i] = 50 + 3 * i + r.nextGaussian();
    }
    EtsModel m = Ets.fit(y, 1, new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.DAMPED, Ets.Season.NONE));
    double[] f = m.forecast(40);
    assertThat(m.phi()).isBetween(0.8, 0.98);
    assertThat(f[39] - f[38]).isLessThan(f[1] - f[0]);
  }

  @Test
  void multiplicativeHoltWintersFitsAGrowingSeasonalPositiveSeries() {
    Random r = new Random(6);
    double[] y = new double[60];
    for (int i = 0; i < y.length; i++) {
      y[i] = (100 + 2 * i) * (1 + 0.4 * Math.sin(2 * Math.PI * i / 12)) * (1 + 0.02 * r.nextGaussian());
    }
    EtsModel m = Ets.fit(y, 12, new Ets.Spec(Ets.Error.MULTIPLICATIVE, Ets.Trend.ADDITIVE, Ets.Season.MULTIPLICATIVE));
    assertThat(m).isNotNull();
    double expected = (100 + 2 * 60) * (1 + 0.4 * Math.sin(2 * Math.PI * 60 / 12));
    assertThat(m.forecast(1)[0]).isCloseTo(expected, offset(expected * 0.1));
    double[][] iv = m.intervals(3, 0.8);
    assertThat(iv[0][0]).isLessThan(m.forecast(1)[0]);
    assertThat(iv[0][1]).isGreaterThan(m.forecast(1)[0]);
  }

  @Test
  void tooShortHistoryFallsBackToTheMeanAndSaysSo() {
    Forecast f = new EtsForecaster(0).forecast(monthly(new double[] {10, 20, 30}), 2, 0.8);
    assertThat(f.model()).startsWith("mean").contains("too short");
    assertThat(f.points().get(0).mean()).isEqualByComparingTo("20.00");
    assertThat(f.points().get(0).lower()).isLessThan(f.points().get(0).mean());
  }

  @Test
  void forecastValuesAreScaledToTheCurrencyDigits() {
    double[] y = new double[24];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + (i % 3) * 0.333;
    }
    Forecast f = new EtsForecaster(0).forecast(monthly(y), 3, 0.95);
    assertThat(f.points()).allSatisfy(p -> assertThat(p.mean().scale()).isEqualTo(2));
    assertThat(f.model()).startsWith("ETS(");
  }

  @Test
  void zeroFilledIntermittentSeriesForecastsWithoutError() {
    double[] y = new double[36];
    for (int i = 0; i < y.length; i += 4) {
      y[i] = 80;
    }
    Forecast f = new EtsForecaster(0).forecast(monthly(y), 6, 0.8);
    assertThat(f.points()).hasSize(6);
    assertThat(f.model()).doesNotContain(",M)");
  }

  @Test
  void rejectsAForbiddenModelForm() {
    assertThatThrownBy(() -> new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.MULTIPLICATIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalQuantileMatchesKnownValues() {
    assertThat(Stats.normalQuantile(0.975)).isCloseTo(1.959964, offset(1e-5));
    assertThat(Stats.normalQuantile(0.9)).isCloseTo(1.281552, offset(1e-5));
    assertThat(Stats.normalQuantile(0.01)).isCloseTo(-2.326348, offset(1e-5));
  }
}
