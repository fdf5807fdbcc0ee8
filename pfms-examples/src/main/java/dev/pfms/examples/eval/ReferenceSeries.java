package dev.pfms.examples.eval;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes the spending series that the R reference ({@code tools/reference/ets/ets_reference.R})
 * fits with {@code forecast::ets}: aggregates of {@code sample_data} built with
 * {@link TimeSeries#aggregate}, so pfms and R see the same numbers. Each file is
 * {@code period_start,value} with the last, partial period left out.
 *
 * <p>Usage: {@code ReferenceSeries [sample_data-dir] [out-dir]} (default out-dir
 * {@code tools/reference/ets/series}).
 */
public final class ReferenceSeries {

  private ReferenceSeries() {}

  /**
   * The series: name to (granularity, which money-out transactions count).
   *
   * @param granularity the period
   * @param filter which outflows are summed
   */
  private record Spec(Granularity granularity, Predicate<Transaction> filter) {}

  /**
   * Writes the series.
   *
   * @param args optional sample directory and output directory
   * @throws IOException when reading or writing fails
   */
  public static void main(String[] args) throws IOException {
    Path dir = SampleData.dir(args);
    Path out = args.length > 1 ? Path.of(args[1]) : Path.of("tools", "reference", "ets", "series");
    List<Transaction> txs = SampleData.transactions(SampleData.read(dir), true).stream()
        .filter(t -> t.amount().signum() < 0).toList();
    Predicate<Transaction> food = t -> primary(t).equals("FOOD_AND_DRINK");
    Predicate<Transaction> transport = t -> primary(t).equals("TRANSPORTATION");
    Predicate<Transaction> spending = t -> !primary(t).equals("TRANSFER_OUT") && !primary(t).equals("LOAN_PAYMENTS");
    Map<String, Spec> specs = new LinkedHashMap<>();
    specs.put("sample_monthly_food", new Spec(Granularity.MONTHLY, food));
    specs.put("sample_weekly_food", new Spec(Granularity.WEEKLY, food));
    specs.put("sample_weekly_transport", new Spec(Granularity.WEEKLY, transport));
    specs.put("sample_daily_spending", new Spec(Granularity.DAILY, spending));
    Files.createDirectories(out);
    for (Map.Entry<String, Spec> e : specs.entrySet()) {
      Spec s = e.getValue();
      // aggregate over all outflows so every series spans the same periods, then keep ours
      Map<String, TimeSeries> agg = TimeSeries.aggregate(txs, s.granularity(),
          t -> s.filter().test(t) ? "x" : "other", t -> t.amount().amount().negate());
      TimeSeries ts = agg.get("x");
      ts = ts.head(ts.size() - 1);
      List<String> lines = new ArrayList<>();
      lines.add("period_start,value");
      for (int i = 0; i < ts.size(); i++) {
        lines.add(ts.periodStart(i) + "," + ts.values().get(i).toPlainString());
      }
      Path f = out.resolve(e.getKey() + ".csv");
      Files.write(f, lines, StandardCharsets.UTF_8);
      System.out.println(f + ": " + ts.size() + " periods");
    }
    // the sample_data backtest's series, for tools/reference/ets/ets_backtest.R
    List<Transaction> all = ForecastBacktest.spending(dir);
    Path bt = out.resolveSibling("backtest");
    Files.createDirectories(bt);
    List<String> index = new ArrayList<>();
    index.add("setup,name,frequency,min_train,horizon,step,file");
    for (ForecastBacktest.Setup s : ForecastBacktest.setups()) {
      for (TimeSeries ts : ForecastBacktest.backtestSeries(all, s)) {
        String file = s.key() + "_" + ts.name().replaceAll("[^A-Za-z0-9]+", "_") + ".csv";
        List<String> lines = new ArrayList<>();
        lines.add("period_start,value");
        for (int i = 0; i < ts.size(); i++) {
          lines.add(ts.periodStart(i) + "," + ts.values().get(i).toPlainString());
        }
        Files.write(bt.resolve(file), lines, StandardCharsets.UTF_8);
        index.add(String.join(",", s.key(), ts.name(), String.valueOf(ts.granularity().seasonLength()),
            String.valueOf(s.minTrain()), String.valueOf(s.horizon()), String.valueOf(s.step()), file));
      }
    }
    Files.write(bt.resolve("index.csv"), index, StandardCharsets.UTF_8);
    System.out.println(bt + ": " + (index.size() - 1) + " backtest series");
  }

  private static String primary(Transaction t) {
    return t.findCategory().map(Category::primary).orElse("");
  }
}
