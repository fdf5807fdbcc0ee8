package dev.pfms.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeasonalNaiveAndBacktestTest {

  private static TimeSeries daily(double... y) {
    List<BigDecimal> v = new ArrayList<>();
    for (double d : y) {
      v.add(BigDecimal.valueOf(d));
    }
    return new TimeSeries("d", Granularity.DAILY, LocalDate.of(2024, 1, 1), Currency.getInstance("GBP"), v);
  }

  @Test
  void repeatsTheValueOneSeasonEarlier() {
    Forecast f = new SeasonalNaiveForecaster(0).forecast(daily(1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 9), 9, 0.8);
    assertThat(f.points().stream().map(p -> p.mean().intValue()).toList()).containsExactly(1, 2, 3, 4, 5, 6, 9, 1, 2);
    assertThat(f.model()).isEqualTo("seasonal-naive(m=7)");
  }

  @Test
  void fallsBackToNaiveWhenShorterThanOneSeasonAndSaysSo() {
    Forecast f = new SeasonalNaiveForecaster(0).forecast(daily(3, 5, 4), 2, 0.8);
    assertThat(f.model()).startsWith("naive");
    assertThat(f.points().get(1).mean()).isEqualByComparingTo("4.00");
  }

  @Test
  void aPerfectForecasterScoresZeroErrorAndFullCoverageWhileMaseIsUndefinedForAZeroScale() {
    double[] y = new double[28];
    for (int i = 0; i < y.length; i++) {
      y[i] = 10 + i % 7;
    }
    Backtest.Result r = Backtest.run(List.of(daily(y)), new SeasonalNaiveForecaster(0),
        new Backtest.Options(14, 3, 1, new double[] {0.8}));
    assertThat(r.mase()).isNaN();
    assertThat(r.mae()).isZero();
    assertThat(r.smape()).isZero();
    assertThat(r.coverage()[0]).isEqualTo(1.0);
    assertThat(r.forecasts()).isEqualTo(14 * 3 - 3);
  }

  @Test
  void maseIsTheErrorScaledByTheInSampleSeasonalNaiveError() {
    // a season-7 pattern with a jump after the training part: in-sample s-naive error is 1 per point
    double[] y = new double[22];
    for (int i = 0; i < 21; i++) {
      y[i] = (i % 7) + (i >= 7 ? 1 : 0) + (i >= 14 ? 1 : 0);
    }
    y[21] = 100;
    assertThat(Backtest.naiveScale(java.util.Arrays.copyOf(y, 21), 7)).isCloseTo(1.0, offset(1e-9));
    Backtest.Result r = Backtest.run(List.of(daily(y)), new SeasonalNaiveForecaster(0),
        new Backtest.Options(21, 1, 1, new double[] {0.8}));
    assertThat(r.mase()).isCloseTo(100 - (0 + 2), offset(1e-9));
    assertThat(r.smape()).isCloseTo(200.0 * 98 / 102, offset(1e-9));
  }
}
