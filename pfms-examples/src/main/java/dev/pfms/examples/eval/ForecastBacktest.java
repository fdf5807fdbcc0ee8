package dev.pfms.examples.eval;

import dev.pfms.api.Pfms;
import dev.pfms.core.forecast.Backtest;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rolling-origin backtest of the {@code ets} forecaster against {@code seasonal-naive} on
 * {@code sample_data} aggregates: monthly and weekly spending per primary category (true categories
 * stand in for a categorizer) and daily spending per account. Prints MASE (pooled, scaled by each
 * training window's in-sample seasonal-naive error), sMAPE, MAE, the ratio of ETS's out-of-sample
 * MAE to seasonal-naive's on the same points (the "MASE against seasonal-naive"), and 80%/95%
 * interval coverage.
 *
 * <p>Usage: {@code ForecastBacktest [sample_data-dir]}.
 */
public final class ForecastBacktest {

  private ForecastBacktest() {}

  private record Setup(String name, Granularity g, boolean byCategory, int minTrain, int horizon, int step) {}

  /**
   * Runs the backtest.
   *
   * @param args optional sample directory
   * @throws Exception on I/O errors
   */
  public static void main(String[] args) throws Exception {
    Path dir = SampleData.dir(args);
    List<Transaction> txs = SampleData.transactions(SampleData.read(dir), true);
    List<Setup> setups = List.of(
        new Setup("monthly spending per primary category", Granularity.MONTHLY, true, 12, 3, 1),
        new Setup("weekly spending per primary category", Granularity.WEEKLY, true, 52, 4, 4),
        new Setup("daily spending per account", Granularity.DAILY, false, 365, 7, 7));
    Forecaster ets = Pfms.forecaster("ets", ProviderConfig.empty());
    Forecaster snaive = Pfms.forecaster("seasonal-naive", ProviderConfig.empty());
    System.out.printf(Locale.ROOT, "Rolling-origin backtest on %s (%d transactions)%n%n", dir, txs.size());
    System.out.println("| aggregate | series | points | forecaster | MASE | sMAPE % | MAE £ | MAE ÷ s-naive MAE | cover 80% | cover 95% | ms |");
    System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Setup s : setups) {
      Map<String, TimeSeries> agg = TimeSeries.aggregate(txs.stream().filter(t -> t.amount().signum() < 0).toList(),
          s.g(), t -> s.byCategory() ? t.findCategory().map(Category::primary).orElse(null) : t.account(),
          t -> t.amount().amount().negate());
      List<TimeSeries> series = new ArrayList<>();
      for (TimeSeries ts : agg.values()) {
        // leave out a partial last period and series that are almost always zero
        TimeSeries full = ts.head(ts.size() - 1);
        long nonZero = full.values().stream().filter(v -> v.signum() != 0).count();
        if (nonZero >= full.size() / 2) {
          series.add(full);
        }
      }
      Backtest.Options o = new Backtest.Options(s.minTrain(), s.horizon(), s.step(), new double[] {0.8, 0.95});
      long t0 = System.nanoTime();
      Backtest.Result base = Backtest.run(series, snaive, o);
      long t1 = System.nanoTime();
      Backtest.Result r = Backtest.run(series, ets, o);
      long t2 = System.nanoTime();
      print(s.name(), series.size(), "seasonal-naive", base, base, (t1 - t0) / 1_000_000);
      print(s.name(), series.size(), "ets", r, base, (t2 - t1) / 1_000_000);
    }
  }

  private static void print(String name, int n, String f, Backtest.Result r, Backtest.Result base, long ms) {
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.3f | %.1f | %.2f | %.3f | %.1f | %.1f | %d |%n", name, n,
        r.forecasts(), f, r.mase(), r.smape(), r.mae(), r.mae() / base.mae(), 100 * r.coverage()[0],
        100 * r.coverage()[1], ms);
  }
}
