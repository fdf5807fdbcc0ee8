package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ForecasterProvider} must pass: horizon and dates, interval ordering and
 * nesting (a wider level gives a strictly wider interval on a noisy series), a constant series
 * forecast as that constant, short and zero-filled histories handled, invalid arguments and
 * unknown options rejected, every declared option's default accepted, the same answer on every
 * call, and safe concurrent use of one forecaster.
 */
public abstract class ForecasterContract {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract ForecasterProvider provider();

  /**
   * Options for {@link ForecasterProvider#create}; empty by default.
   *
   * @return the options
   */
  protected ProviderConfig config() {
    return ProviderConfig.empty();
  }

  private Forecaster create() {
    ForecasterProvider p = provider();
    return p.create(config().validate(p.name(), p.options()));
  }

  /**
   * A monthly series with a yearly pattern and noise.
   *
   * @param months its length
   * @return the series
   */
  protected static TimeSeries seasonalMonthly(int months) {
    List<BigDecimal> v = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < months; i++) {
      double x = 500 + 120 * Math.sin(2 * Math.PI * i / 12.0) + r.nextGaussian() * 20;
      v.add(BigDecimal.valueOf(x).setScale(2, java.math.RoundingMode.HALF_UP));
    }
    return new TimeSeries("groceries", Granularity.MONTHLY, LocalDate.of(2023, 1, 1), TckData.GBP, v);
  }

  private static TimeSeries constant(int n, String value) {
    List<BigDecimal> v = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      v.add(new BigDecimal(value));
    }
    return new TimeSeries("rent", Granularity.MONTHLY, LocalDate.of(2023, 1, 1), TckData.GBP, v);
  }

  @Test
  @DisplayName("provider has a lower-case name and a description")
  void providerIsDescribed() {
    assertThat(provider().name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(provider().description()).isNotBlank();
  }

  @Test
  @DisplayName("forecasts exactly horizon periods, starting the period after the history, in its currency")
  void horizonAndDates() {
    TimeSeries s = seasonalMonthly(36);
    Forecast f = create().forecast(s, 6, 0.8);
    assertThat(f.points()).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(f.points().get(i).periodStart()).isEqualTo(s.periodStart(36 + i));
    }
    assertThat(f.currency()).isEqualTo(TckData.GBP);
    assertThat(f.granularity()).isEqualTo(Granularity.MONTHLY);
    assertThat(f.level()).isEqualTo(0.8);
    assertThat(f.model()).isNotBlank();
    assertThat(f.series()).isEqualTo("groceries");
  }

  @Test
  @DisplayName("a 95% interval contains the 80% interval")
  void intervalsNest() {
    TimeSeries s = seasonalMonthly(36);
    Forecaster fc = create();
    Forecast f80 = fc.forecast(s, 6, 0.8);
    Forecast f95 = fc.forecast(s, 6, 0.95);
    for (int i = 0; i < 6; i++) {
      ForecastPoint a = f80.points().get(i);
      ForecastPoint b = f95.points().get(i);
      assertThat(b.lower()).isLessThanOrEqualTo(a.lower());
      assertThat(b.upper()).isGreaterThanOrEqualTo(a.upper());
    }
  }

  @Test
  @DisplayName("a constant series is forecast as that constant")
  void constantSeries() {
    Forecast f = create().forecast(constant(24, "1200.00"), 3, 0.8);
    for (ForecastPoint p : f.points()) {
      assertThat(p.mean().doubleValue()).isCloseTo(1200.0, org.assertj.core.data.Offset.offset(12.0));
    }
  }

  @Test
  @DisplayName("short histories and zero-filled series still forecast")
  void shortAndZeroHistories() {
    Forecaster fc = create();
    for (int n = 1; n <= 3; n++) {
      assertThat(fc.forecast(constant(n, "50.00"), 2, 0.8).points()).hasSize(2);
    }
    assertThat(fc.forecast(constant(24, "0.00"), 2, 0.8).points()).hasSize(2);
  }

  @Test
  @DisplayName("rejects an empty history, a horizon below 1 and a level outside (0,1)")
  void rejectsBadArguments() {
    Forecaster fc = create();
    TimeSeries empty = new TimeSeries("x", Granularity.MONTHLY, LocalDate.of(2023, 1, 1), TckData.GBP, List.of());
    assertThatThrownBy(() -> fc.forecast(empty, 1, 0.8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fc.forecast(seasonalMonthly(24), 0, 0.8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fc.forecast(seasonalMonthly(24), 1, 1.0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a wider level gives a strictly wider interval on a noisy series, around the same mean")
  void widerLevelWidensIntervals() {
    TimeSeries s = seasonalMonthly(36);
    Forecaster fc = create();
    Forecast f80 = fc.forecast(s, 6, 0.8);
    Forecast f95 = fc.forecast(s, 6, 0.95);
    for (int i = 0; i < 6; i++) {
      ForecastPoint a = f80.points().get(i);
      ForecastPoint b = f95.points().get(i);
      assertThat(b.mean()).as("mean does not depend on the level").isEqualByComparingTo(a.mean());
      assertThat(b.upper().subtract(b.lower())).as("95%% width > 80%% width at step %d", i + 1)
          .isGreaterThan(a.upper().subtract(a.lower()));
      assertThat(a.lower()).isLessThanOrEqualTo(a.mean());
      assertThat(a.upper()).isGreaterThanOrEqualTo(a.mean());
    }
  }

  @Test
  @DisplayName("the same history gives the same forecast on every call")
  void deterministic() {
    TimeSeries s = seasonalMonthly(30);
    assertThat(create().forecast(s, 4, 0.9)).isEqualTo(create().forecast(s, 4, 0.9));
  }

  @Test
  @DisplayName("an unknown option is rejected before create; every declared option has a usable default or is documented as required")
  void optionsAreDeclaredAndChecked() {
    ForecasterProvider p = provider();
    assertThatThrownBy(() -> ProviderConfig.of(java.util.Map.of("no-such-option", "1")).validate(p.name(), p.options()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-option");
    for (var k : p.options()) {
      assertThat(k.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
      assertThat(k.description()).isNotBlank();
    }
    assertThat(p.create(ProviderConfig.empty().validate(p.name(), p.options()))).isNotNull();
  }

  @Test
  @DisplayName("one forecaster is safe to use from many threads at once")
  void concurrentUse() throws Exception {
    Forecaster fc = create();
    List<TimeSeries> inputs = new ArrayList<>();
    List<Forecast> expected = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      TimeSeries s = seasonalMonthly(24 + k);
      inputs.add(s);
      expected.add(fc.forecast(s, 3, 0.8));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Forecast>> got = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (TimeSeries s : inputs) {
          got.add(pool.submit(() -> fc.forecast(s, 3, 0.8)));
        }
      }
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected.get(i % inputs.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
