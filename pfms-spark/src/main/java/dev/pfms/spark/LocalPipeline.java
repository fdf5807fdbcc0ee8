package dev.pfms.spark;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.spark.internal.ExecutorModels;
import dev.pfms.spark.internal.Rows;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The pfms-spark pipeline in one JVM, over the streaming ingest: each file is read with
 * {@link Ingestor#ingest(IngestSource, IngestSink)} and categorized and scored in batches of
 * {@code spark.pfms.batch.size} transactions of one file, exactly as {@link PfmsSpark#analyze} does per
 * partition, so both give the same rows; only the monthly sums per account and category are kept
 * for the forecasts. Memory: one batch plus the monthly sums. Not thread-safe; one per run.
 */
public final class LocalPipeline {

  private final PfmsSparkOptions options;
  private final Categorizer categorizer;
  private final AnomalyModel detector;
  private final Map<String, NavigableMap<LocalDate, BigDecimal>> spending = new TreeMap<>();

  /**
   * A pipeline; models are loaded now (through the same per-JVM cache as on executors).
   *
   * @param options what to do
   */
  public LocalPipeline(PfmsSparkOptions options) {
    this.options = options;
    this.categorizer = categorizer(options);
    this.detector = detector(options);
  }

  /**
   * Reads, categorizes and scores files, handing on each analyzed row ({@link Schemas#ANALYZED}) and
   * problem row ({@link Schemas#PROBLEMS}) as it is made.
   *
   * @param files the files
   * @param analyzed receives analyzed rows, file by file, in source order
   * @param problems receives problem rows
   * @return the forecast rows ({@link Schemas#FORECASTS}), by account and category
   */
  public List<Row> run(List<Path> files, Consumer<Row> analyzed, Consumer<Row> problems) {
    for (Path f : files) {
      IngestSource source = IngestSource.of(f);
      Ingestor in;
      try {
        in = options.ingestFormat() == null ? Pfms.ingestorFor(source) : Pfms.ingestor(options.ingestFormat());
      } catch (IngestException | UncheckedIOException e) {
        problems.accept(RowFactory.create(source.name(), 0L, null, e.getMessage()));
        continue;
      }
      String format = in.format();
      try {
        in.ingest(source, sink(source.name(), options.batchSize(), batch -> {
          for (Row r : analyzeBatch(categorizer, detector, batch, format)) {
            analyzed.accept(r);
            addSpending(spending, r);
          }
        }, problems));
      } catch (IngestException | UncheckedIOException e) {
        problems.accept(RowFactory.create(source.name(), 0L, null, e.getMessage()));
      }
    }
    Forecaster forecaster = Pfms.forecaster(options.forecaster(), ProviderConfig.empty());
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, NavigableMap<LocalDate, BigDecimal>> e : spending.entrySet()) {
      out.addAll(forecast(e.getKey(), e.getValue(), forecaster, options));
    }
    return out;
  }

  /**
   * The sink both paths use: transactions in batches, unrepresentable ones and problems as problem rows.
   *
   * @param source the file name
   * @param batchSize rows per batch
   * @param batches receives each batch
   * @param problems receives problem rows
   * @return the sink
   */
  static IngestSink sink(String source, int batchSize, Consumer<List<Transaction>> batches, Consumer<Row> problems) {
    IngestSink inner = IngestSink.inBatches(batchSize, batches, p -> problems.accept(Rows.problem(p)));
    return new IngestSink() {
      @Override
      public boolean transaction(Transaction t) {
        var why = Rows.unrepresentable(t);
        if (why.isPresent()) {
          return inner.problem(new IngestProblem(source, t.provenance().line(), "amount", why.get()));
        }
        return inner.transaction(t);
      }

      @Override
      public boolean problem(IngestProblem p) {
        return inner.problem(p);
      }

      @Override
      public void complete(dev.pfms.api.model.IngestSummary summary) {
        inner.complete(summary);
      }
    };
  }

  static Categorizer categorizer(PfmsSparkOptions o) {
    if (o.categorizerModel() != null) {
      return ExecutorModels.get(o.categorizerModel(), ModelLoaders.savedCategorizer(), Categorizer.class);
    }
    return Pfms.categorizer(o.categorizer(), ProviderConfig.empty());
  }

  static AnomalyModel detector(PfmsSparkOptions o) {
    if (o.detector().equals("none") || o.detectorModel() == null) {
      return null;
    }
    return ExecutorModels.get(o.detectorModel(), ModelLoaders.detectorFittedOn(), AnomalyModel.class);
  }

  /**
   * Categorizes and scores one batch (transactions of one file, in order).
   *
   * @param categorizer the categorizer
   * @param detector the detector, or null
   * @param batch the batch
   * @param format the ingestor's format
   * @return analyzed rows, in batch order
   */
  static List<Row> analyzeBatch(Categorizer categorizer, AnomalyModel detector, List<Transaction> batch,
      String format) {
    List<Prediction> predictions = categorizer.categorizeAll(batch);
    List<AnomalyScore> scores = detector == null ? null : detector.score(batch);
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(Rows.analyzed(batch.get(i), format, predictions.get(i), scores == null ? null : scores.get(i)));
    }
    return out;
  }

  /**
   * The forecast key of an analyzed row: account, predicted category and currency.
   *
   * @param r an analyzed row
   * @return the key
   */
  static String key(Row r) {
    return r.getString(1) + '\u001f' + r.getString(Rows.TX_COLUMNS) + '\u001f' + r.getString(5);
  }

  /**
   * Adds an analyzed row's money out to its monthly sum.
   *
   * @param sums sums by key and month
   * @param r the analyzed row
   */
  static void addSpending(Map<String, NavigableMap<LocalDate, BigDecimal>> sums, Row r) {
    BigDecimal amount = r.getDecimal(4);
    if (amount.signum() >= 0) {
      return;
    }
    LocalDate month = Granularity.MONTHLY.periodStart(Rows.date(r.get(2)));
    sums.computeIfAbsent(key(r), k -> new TreeMap<>()).merge(month, amount.negate().stripTrailingZeros(),
        BigDecimal::add);
  }

  /**
   * Forecasts one monthly spending series.
   *
   * @param key account, category and currency
   * @param monthly money out by month start
   * @param forecaster the forecaster
   * @param o the options
   * @return forecast rows, or none when the history is shorter than {@code minMonths}
   */
  static List<Row> forecast(String key, NavigableMap<LocalDate, BigDecimal> monthly, Forecaster forecaster,
      PfmsSparkOptions o) {
    String[] k = key.split("\u001f", -1);
    java.util.Currency ccy = java.util.Currency.getInstance(k[2]);
    LocalDate first = monthly.firstKey();
    long n = Granularity.MONTHLY.between(first, monthly.lastKey()) + 1;
    if (n < o.minMonths()) {
      return List.of();
    }
    List<BigDecimal> values = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      values.add(monthly.getOrDefault(Granularity.MONTHLY.plus(first, i), BigDecimal.ZERO)
          .setScale(ccy.getDefaultFractionDigits(), RoundingMode.UNNECESSARY));
    }
    Forecast f = forecaster.forecast(new TimeSeries(k[0] + "/" + k[1], Granularity.MONTHLY, first, ccy, values),
        o.horizon(), o.level());
    List<Row> out = new ArrayList<>(f.points().size());
    for (ForecastPoint p : f.points()) {
      out.add(RowFactory.create(k[0], k[1], k[2], java.sql.Date.valueOf(p.periodStart()), scale4(p.mean()),
          scale4(p.lower()), scale4(p.upper()), f.level(), f.model(), (int) n));
    }
    return out;
  }

  private static BigDecimal scale4(BigDecimal v) {
    return v.setScale(4, RoundingMode.HALF_EVEN);
  }
}
