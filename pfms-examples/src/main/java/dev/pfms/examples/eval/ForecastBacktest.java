package dev.pfms.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.forecast.Backtest;
import dev.pfms.core.forecast.Ets;
import dev.pfms.core.forecast.EtsModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecast evaluation, two parts.
 *
 * <ol>
 *   <li><b>pfms vs R.</b> On the series committed with the R reference
 *       ({@code tools/reference/ets/ets_reference.R}: six R data sets and four sample_data spending
 *       series): log-likelihood, AICc and the chosen model of the automatic selection side by
 *       side, how many forced fits are within 1% of R's log-likelihood, and a rolling-origin
 *       backtest on the same origins as R's (MAE, MASE, 80%/95% coverage).
 *   <li><b>sample_data backtest.</b> Rolling-origin backtest of {@code ets} (automatic intervals,
 *       and model intervals) against {@code seasonal-naive} on monthly and weekly spending per
 *       primary category (true categories stand in for a categorizer) and daily spending per
 *       account: MASE (pooled, scaled by each training window's in-sample seasonal-naive error),
 *       sMAPE, MAE, the ratio of MAE to seasonal-naive's, and 80%/95% coverage.
 * </ol>
 *
 * <p>Usage: {@code ForecastBacktest [sample_data-dir] [ets_reference.json]}.
 */
public final class ForecastBacktest {

  private ForecastBacktest() {}

  /** One backtest set-up: {@code key} names it in R's reference file. */
  record Setup(String key, String name, Granularity g, boolean byCategory, int minTrain, int horizon, int step) {}

  private static final Currency GBP = Currency.getInstance("GBP");

  /**
   * Runs the evaluation.
   *
   * @param args optional sample directory and reference file
   * @throws Exception on I/O errors
   */
  public static void main(String[] args) throws Exception {
    Path dir = SampleData.dir(args);
    Path ref = args.length > 1 ? Path.of(args[1]) : referenceFile();
    if (ref != null && Files.isRegularFile(ref)) {
      versusR(ref);
    } else {
      System.out.println("(no ets_reference.json found; skipping the comparison with R)");
    }
    sampleBacktest(dir);
  }

  private static Path referenceFile() {
    String rel = "pfms-core/src/test/resources/dev/pfms/core/forecast/ets_reference.json";
    for (Path p : List.of(Path.of(rel), Path.of("..", rel))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- pfms vs R

  private static Granularity granularity(int frequency) {
    return switch (frequency) {
      case 7 -> Granularity.DAILY;
      case 52 -> Granularity.WEEKLY;
      default -> Granularity.MONTHLY;
    };
  }

  private static LocalDate start(Granularity g) {
    return switch (g) {
      case DAILY -> LocalDate.of(2024, 1, 1);
      case WEEKLY -> LocalDate.of(2024, 1, 1); // a Monday
      case MONTHLY -> LocalDate.of(2000, 1, 1);
    };
  }

  private static TimeSeries series(String name, int frequency, double[] v, int len) {
    Granularity g = granularity(frequency);
    List<BigDecimal> vals = new ArrayList<>(len);
    for (int i = 0; i < len; i++) {
      vals.add(BigDecimal.valueOf(v[i]).setScale(6, RoundingMode.HALF_EVEN));
    }
    return new TimeSeries(name, g, start(g), GBP, vals);
  }

  private static void versusR(Path ref) throws Exception {
    JsonNode root = new ObjectMapper().readTree(ref.toFile());
    JsonNode meta = root.get("meta");
    System.out.printf(Locale.ROOT, "pfms ets vs %s forecast %s (%s)%n%n", meta.get("r_version").asText(),
        meta.get("forecast_version").asText(), ref);
    System.out.println("Automatic selection (log-likelihood and AICc on forecast::ets's scale):");
    System.out.println();
    System.out.println("| series | n | m | R model | R loglik | R AICc | pfms model | pfms loglik | pfms AICc |"
        + " forced fits within 1% | pfms higher |");
    System.out.println("|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|");
    int allFits = 0;
    int allWithin = 0;
    int allHigher = 0;
    int sameChoice = 0;
    int seriesCount = 0;
    StringBuilder bt = new StringBuilder();
    double[] pooled = new double[10]; // R: abs, scaled, c80, c95; pfms: abs, scaled, c80, c95; n; nScaled
    for (JsonNode s : root.get("series")) {
      String name = s.get("name").asText();
      int m = s.get("frequency").asInt();
      double[] y = doubles(s.get("values"));
      int within = 0;
      int higher = 0;
      int fits = 0;
      for (JsonNode f : s.get("fits")) {
        EtsModel mine = Ets.fit(y, m, Ets.Spec.parse(f.get("model").asText()));
        double rl = f.get("loglik").asDouble();
        fits++;
        if (mine != null && mine.loglik() >= rl - 0.01 * Math.abs(rl)) {
          within++;
        }
        if (mine != null && mine.loglik() > rl + 1e-3) {
          higher++;
        }
      }
      EtsModel auto = Ets.select(y, m);
      JsonNode ra = s.get("auto");
      seriesCount++;
      if (auto.spec().label().equals(ra.get("model").asText())) {
        sameChoice++;
      }
      allFits += fits;
      allWithin += within;
      allHigher += higher;
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.2f | %.2f | %s | %.2f | %.2f | %d/%d | %d |%n", name,
          y.length, m, ra.get("model").asText(), ra.get("loglik").asDouble(), ra.get("aicc").asDouble(),
          auto.spec().label(), auto.loglik(), auto.aicc(), within, fits, higher);

      // rolling origins, replayed with pfms's ets provider (automatic intervals)
      JsonNode b = s.get("backtest");
      if (b == null || b.get("origins").isEmpty()) {
        continue;
      }
      int h = b.get("h").asInt();
      Forecaster fc = Pfms.forecaster("ets", ProviderConfig.of(Map.of("season-length", Math.max(1, m))));
      double[] acc = new double[10];
      for (JsonNode o : b.get("origins")) {
        int origin = o.get("origin").asInt();
        double scale = Backtest.naiveScale(java.util.Arrays.copyOf(y, origin), m);
        Forecast f = fc.forecast(series(name, m, y, origin), h, 0.8);
        Forecast f95 = fc.forecast(series(name, m, y, origin), h, 0.95);
        for (int k = 0; k < h; k++) {
          double actual = y[origin + k];
          double re = Math.abs(actual - o.get("mean").get(k).asDouble());
          double pe = Math.abs(actual - f.points().get(k).mean().doubleValue());
          acc[0] += re;
          acc[4] += pe;
          if (scale > 0) {
            acc[1] += re / scale;
            acc[5] += pe / scale;
            acc[9]++;
          }
          acc[2] += inside(actual, o.get("lower80").get(k).asDouble(), o.get("upper80").get(k).asDouble());
          acc[3] += inside(actual, o.get("lower95").get(k).asDouble(), o.get("upper95").get(k).asDouble());
          acc[6] += inside(actual, f.points().get(k).lower().doubleValue(), f.points().get(k).upper().doubleValue());
          acc[7] += inside(actual, f95.points().get(k).lower().doubleValue(), f95.points().get(k).upper().doubleValue());
          acc[8]++;
        }
      }
      for (int i = 0; i < acc.length; i++) {
        pooled[i] += acc[i];
      }
      bt.append(row(name, b.get("origins").size(), h, acc));
    }
    System.out.printf(Locale.ROOT, "%nForced fits: %d of %d within 1%% of R's log-likelihood (pfms higher on %d);"
        + " automatic choice the same form on %d of %d series.%n%n", allWithin, allFits, allHigher, sameChoice,
        seriesCount);
    System.out.println("Rolling-origin backtest of the automatic choice on R's origins (last windows of h points):");
    System.out.println();
    System.out.println("| series | origins | h | points | R MAE | pfms MAE | R MASE | pfms MASE | R cover 80% | pfms cover 80% |"
        + " R cover 95% | pfms cover 95% |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    System.out.print(bt);
    System.out.print(row("**pooled**", 0, 0, pooled).replace("| 0 | 0 |", "| | |"));
    System.out.println();
  }

  private static String row(String name, int origins, int h, double[] a) {
    double n = a[8];
    double ns = a[9];
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f | %.3f | %.3f | %.1f | %.1f | %.1f | %.1f |%n",
        name, origins, h, (int) n, a[0] / n, a[4] / n, a[1] / ns, a[5] / ns, 100 * a[2] / n, 100 * a[6] / n,
        100 * a[3] / n, 100 * a[7] / n);
  }

  private static int inside(double v, double lo, double hi) {
    return v >= lo && v <= hi ? 1 : 0;
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }

  // ---------------------------------------------------------------- sample_data backtest

  private static void sampleBacktest(Path dir) throws Exception {
    List<Transaction> txs = spending(dir);
    List<Setup> setups = setups();
    Forecaster ets = Pfms.forecaster("ets", ProviderConfig.of(Map.of("non-negative", true)));
    Forecaster etsModel = Pfms.forecaster("ets", ProviderConfig.of(Map.of("non-negative", true, "intervals", "model")));
    Forecaster snaive = Pfms.forecaster("seasonal-naive", ProviderConfig.of(Map.of("non-negative", true)));
    System.out.printf(Locale.ROOT, "Rolling-origin backtest on %s (%d transactions, legs of transfers between own accounts left out), non-negative=true%n%n", dir,
        txs.size());
    System.out.println("| aggregate | series | points | forecaster | MASE | sMAPE % | MAE £ | MAE ÷ s-naive MAE |"
        + " cover 80% | cover 95% | ms |");
    System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    Path rFile = backtestReferenceFile();
    JsonNode rBacktest = rFile == null ? null : new ObjectMapper().readTree(rFile.toFile());
    for (Setup s : setups) {
      List<TimeSeries> series = backtestSeries(txs, s);
      Backtest.Options o = new Backtest.Options(s.minTrain(), s.horizon(), s.step(), new double[] {0.8, 0.95});
      long t0 = System.nanoTime();
      Backtest.Result base = Backtest.run(series, snaive, o);
      long t1 = System.nanoTime();
      Backtest.Result r = Backtest.run(series, ets, o);
      long t2 = System.nanoTime();
      Backtest.Result rm = Backtest.run(series, etsModel, o);
      long t3 = System.nanoTime();
      print(s.name(), series.size(), "seasonal-naive", base, base, (t1 - t0) / 1_000_000);
      print(s.name(), series.size(), "ets (intervals=auto)", r, base, (t2 - t1) / 1_000_000);
      print(s.name(), series.size(), "ets (intervals=model)", rm, base, (t3 - t2) / 1_000_000);
      if (rBacktest != null) {
        ReplayForecaster replay = ReplayForecaster.of(rBacktest, s.key());
        if (replay.covers(series)) {
          print(s.name(), series.size(), "R forecast::ets (auto, censored at 0)", Backtest.run(series, replay, o),
              base, 0);
        } else {
          System.out.println("(R's backtest reference does not match these series; rerun ReferenceSeries and "
              + "tools/reference/ets/ets_backtest.R)");
        }
      }
    }
    if (rBacktest == null) {
      System.out.println("(no ets_backtest.json found; R's rows are left out)");
    }
  }

  /**
   * The sample's transactions with their true categories, less the legs of transfers between the
   * user's own accounts (truth.csv's {@code transfer} column): moving money is not spending.
   */
  static List<Transaction> spending(Path dir) throws java.io.IOException {
    return SampleData.transactions(SampleData.read(dir).stream().filter(r -> r.transfer().isEmpty()).toList(), true);
  }

  /** The three sample_data backtest set-ups (also exported for R by {@link ReferenceSeries}). */
  static List<Setup> setups() {
    return List.of(
        new Setup("monthly", "monthly spending per primary category", Granularity.MONTHLY, true, 12, 3, 1),
        new Setup("weekly", "weekly spending per primary category", Granularity.WEEKLY, true, 52, 4, 4),
        new Setup("daily", "daily spending per account", Granularity.DAILY, false, 365, 7, 7));
  }

  /**
   * The series a set-up backtests: money out per primary category (or per account), the last partial
   * period and mostly-zero series left out.
   */
  static List<TimeSeries> backtestSeries(List<Transaction> txs, Setup s) {
    Map<String, TimeSeries> agg = TimeSeries.aggregate(txs.stream().filter(t -> t.amount().signum() < 0).toList(),
        s.g(), t -> s.byCategory() ? t.findCategory().map(Category::primary).orElse(null) : t.account(),
        t -> t.amount().amount().negate());
    List<TimeSeries> series = new ArrayList<>();
    for (TimeSeries ts : agg.values()) {
      TimeSeries full = ts.head(ts.size() - 1);
      long nonZero = full.values().stream().filter(v -> v.signum() != 0).count();
      if (nonZero >= full.size() / 2) {
        series.add(full);
      }
    }
    return series;
  }

  private static Path backtestReferenceFile() {
    String rel = "tools/reference/ets/ets_backtest.json";
    for (Path p : List.of(Path.of(rel), Path.of("..", rel))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static void print(String name, int n, String f, Backtest.Result r, Backtest.Result base, long ms) {
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.3f | %.1f | %.2f | %.3f | %.1f | %.1f | %d |%n", name, n,
        r.forecasts(), f, r.mase(), r.smape(), r.mae(), r.mae() / base.mae(), 100 * r.coverage()[0],
        100 * r.coverage()[1], ms);
  }
}
