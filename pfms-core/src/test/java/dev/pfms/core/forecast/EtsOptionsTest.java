package dev.pfms.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ProviderConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EtsOptionsTest {

  private static final Currency GBP = Currency.getInstance("GBP");

  private static TimeSeries series(Granularity g, LocalDate start, double[] y) {
    List<BigDecimal> v = new ArrayList<>();
    for (double d : y) {
      v.add(BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP));
    }
    return new TimeSeries("spending", g, start, GBP, v);
  }

  /** Spiky spending: mostly small amounts, now and then a large bill. */
  private static double[] spiky(int n, long seed) {
    Random r = new Random(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.15 ? 400 + 200 * r.nextDouble() : 20 * r.nextDouble();
    }
    return y;
  }

  private static Forecaster ets(Map<String, ?> options) {
    EtsProvider p = new EtsProvider();
    return p.create(ProviderConfig.of(options).validate(p.name(), p.options()));
  }

  @Test
  void withoutTheOptionSpikySpendingGetsNegativeLowerBoundsAndWithItNone() {
    TimeSeries s = series(Granularity.MONTHLY, LocalDate.of(2022, 1, 1), spiky(36, 1));
    Forecast plain = ets(Map.of()).forecast(s, 3, 0.95);
    Forecast censored = ets(Map.of("non-negative", "true")).forecast(s, 3, 0.95);
    assertThat(plain.points()).anyMatch(p -> p.lower().signum() < 0);
    assertThat(censored.points()).allSatisfy(p -> {
      assertThat(p.lower().signum()).isGreaterThanOrEqualTo(0);
      assertThat(p.mean().signum()).isGreaterThanOrEqualTo(0);
    });
    // censoring changes nothing above zero: the same upper bounds
    for (int i = 0; i < 3; i++) {
      assertThat(censored.points().get(i).upper()).isEqualByComparingTo(plain.points().get(i).upper().max(BigDecimal.ZERO));
    }
  }

  @Test
  void seasonalNaiveHasTheSameOption() {
    SeasonalNaiveProvider p = new SeasonalNaiveProvider();
    TimeSeries s = series(Granularity.MONTHLY, LocalDate.of(2022, 1, 1), spiky(36, 2));
    Forecast f = p.create(ProviderConfig.of(Map.of("non-negative", true)).validate(p.name(), p.options()))
        .forecast(s, 6, 0.95);
    assertThat(f.points()).allSatisfy(pt -> assertThat(pt.lower().signum()).isGreaterThanOrEqualTo(0));
  }

  @Test
  void aNegativeHistoryValueIsAnErrorNamingTheSeriesAndPeriod() {
    double[] y = spiky(24, 3);
    y[5] = -12.5;
    TimeSeries s = series(Granularity.MONTHLY, LocalDate.of(2022, 1, 1), y);
    assertThatThrownBy(() -> ets(Map.of("non-negative", true)).forecast(s, 3, 0.8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spending").hasMessageContaining("2022-06-01").hasMessageContaining("non-negative");
  }

  @Test
  void badOptionValuesFailNamingTheOption() {
    EtsProvider p = new EtsProvider();
    assertThatThrownBy(() -> ProviderConfig.of(Map.of("non-negative", "yes")).validate(p.name(), p.options()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
    assertThatThrownBy(() -> p.create(ProviderConfig.of(Map.of("intervals", "bootstrap"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intervals");
  }

  @Test
  void empiricalIntervalsFollowSkewedErrorsAndNest() {
    // daily spending with a weekly pattern and heavy right-skewed spikes
    Random r = new Random(7);
    double[] y = new double[400];
    for (int i = 0; i < y.length; i++) {
      double base = i % 7 == 5 ? 60 : 25;
      y[i] = base + (r.nextDouble() < 0.1 ? 300 * r.nextDouble() : 5 * r.nextGaussian());
    }
    TimeSeries s = series(Granularity.DAILY, LocalDate.of(2024, 1, 1), y);
    Forecast emp80 = ets(Map.of("intervals", "empirical")).forecast(s, 7, 0.8);
    Forecast emp95 = ets(Map.of("intervals", "empirical")).forecast(s, 7, 0.95);
    Forecast model80 = ets(Map.of("intervals", "model")).forecast(s, 7, 0.8);
    for (int h = 0; h < 7; h++) {
      ForecastPoint e = emp80.points().get(h);
      ForecastPoint m = model80.points().get(h);
      assertThat(emp95.points().get(h).lower()).isLessThanOrEqualTo(e.lower());
      assertThat(emp95.points().get(h).upper()).isGreaterThanOrEqualTo(e.upper());
      // skewed errors: the empirical 80% interval is asymmetric, narrower below than the normal one
      assertThat(e.mean().subtract(e.lower())).isLessThan(m.mean().subtract(m.lower()));
    }
  }

  @Test
  void empiricalIntervalsCoverAboutTheirLevelOutOfSample() {
    // simple smoothing of a level with Laplace-like errors: 80% intervals cover about 80%
    Random r = new Random(11);
    int trials = 120;
    int covered = 0;
    int total = 0;
    for (int k = 0; k < trials; k++) {
      double[] y = new double[204];
      double level = 100;
      for (int i = 0; i < y.length; i++) {
        double u = r.nextDouble() - 0.5;
        double e = -8 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
        y[i] = level + e;
        level += 0.2 * e;
      }
      EtsModel m = Ets.fit(java.util.Arrays.copyOf(y, 200), 1,
          new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.NONE));
      double[][] iv = m.empiricalIntervals(4, 0.8);
      for (int h = 0; h < 4; h++) {
        total++;
        covered += y[200 + h] >= iv[h][0] && y[200 + h] <= iv[h][1] ? 1 : 0;
      }
    }
    assertThat(covered / (double) total).isBetween(0.72, 0.88);
  }

  @Test
  void tooShortAHistoryForEmpiricalIntervalsFallsBackToTheModels() {
    Random r = new Random(5);
    double[] y = new double[20];
    for (int i = 0; i < y.length; i++) {
      y[i] = 50 + 5 * r.nextGaussian();
    }
    EtsModel m = Ets.fit(y, 1, new Ets.Spec(Ets.Error.ADDITIVE, Ets.Trend.NONE, Ets.Season.NONE));
    assertThat(m.empiricalIntervals(3, 0.8)).isNull();
    TimeSeries s = series(Granularity.WEEKLY, LocalDate.of(2024, 1, 1), y);
    assertThat(ets(Map.of("intervals", "empirical")).forecast(s, 3, 0.8).points()).hasSize(3);
  }
}
