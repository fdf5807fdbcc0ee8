package dev.pfms.spark;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.spark.internal.Rows;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * pfms on Spark, for analytics teams: four calls, each a plain Dataset in and out, so the results
 * work with SQL ({@code createOrReplaceTempView}) and any writer.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().getOrCreate();   // spark.pfms.* options in its conf
 * PfmsSparkOptions o = PfmsSparkOptions.from(spark);
 * Ingested in = PfmsSpark.read(spark, "s3a://bank-exports/2026/*", o);
 * Dataset<Row> analyzed = PfmsSpark.analyze(in.transactions(), o).cache();
 * Dataset<Row> forecasts = PfmsSpark.forecast(analyzed, o);
 * PfmsSpark.writeParquet(analyzed, "s3a://out/analyzed");
 * }</pre>
 *
 * <p>Design rules, against the usual Spark pitfalls: every function shipped to executors is a small
 * static class holding only {@link PfmsSparkOptions} (strings, numbers, {@link ModelReference}s) —
 * never a model, an ingestor or the session, so there is no "task not serializable" and no big
 * closure; models are fetched, hash-checked and loaded lazily once per executor JVM and shared by its
 * task threads (pfms services are thread-safe; DJL-backed ones keep a predictor per thread); DJL is
 * put in offline mode on executors, so the embedding path uses the natives and model on the class
 * path and never downloads at run time. Stateless: no session or global configuration is changed.
 */
public final class PfmsSpark {

  private PfmsSpark() {}

  /**
   * Reads bank files (any format an installed ingestor reads, detected per file unless
   * {@code spark.pfms.ingest.format} is set) with {@code binaryFiles}.
   *
   * @param spark the session
   * @param paths comma-separated paths, directories or globs, as {@code SparkContext.binaryFiles} takes
   * @param options the options
   * @return the transactions and the problems
   */
  public static Ingested read(SparkSession spark, String paths, PfmsSparkOptions options) {
    Objects.requireNonNull(paths, "paths");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Tuple2<String, PortableDataStream>> files = jsc.binaryFiles(paths, jsc.defaultParallelism()).rdd()
        .toJavaRDD();
    Dataset<Row> tx = spark.createDataFrame(files.flatMap(new IngestFiles(options, true)), Schemas.TRANSACTIONS);
    Dataset<Row> pr = spark.createDataFrame(files.flatMap(new IngestFiles(options, false)), Schemas.PROBLEMS);
    return new Ingested(tx, pr);
  }

  /**
   * Reads a list of bank files.
   *
   * @param spark the session
   * @param files the files (any Hadoop-readable paths)
   * @param options the options
   * @return the transactions and the problems
   */
  public static Ingested read(SparkSession spark, List<String> files, PfmsSparkOptions options) {
    return read(spark, String.join(",", files), options);
  }

  /**
   * Categorizes and scores transactions with {@code mapPartitions}, in batches of
   * {@code spark.pfms.batch.size} consecutive transactions of one source file (the unit anomaly
   * features are computed over), with the models of the options loaded once per executor JVM.
   *
   * @param transactions rows of {@link Schemas#TRANSACTIONS}, as {@link #read} gives them (keep the
   *     file order inside partitions: do not repartition in between)
   * @param options the options
   * @return rows of {@link Schemas#ANALYZED}
   */
  public static Dataset<Row> analyze(Dataset<Row> transactions, PfmsSparkOptions options) {
    return transactions.mapPartitions(new AnalyzePartition(options), Encoders.row(Schemas.ANALYZED));
  }

  /**
   * Forecasts monthly spending (money out) per account and predicted category with
   * {@code groupByKey} + {@code flatMapGroups}; series shorter than {@code spark.pfms.forecast.min.months}
   * are left out.
   *
   * @param analyzed rows of {@link Schemas#ANALYZED}
   * @param options the options
   * @return rows of {@link Schemas#FORECASTS}
   */
  public static Dataset<Row> forecast(Dataset<Row> analyzed, PfmsSparkOptions options) {
    return analyzed.filter(functions.col("amount").lt(0))
        .groupByKey(new ForecastKey(), Encoders.STRING())
        .flatMapGroups(new ForecastGroup(options), Encoders.row(Schemas.FORECASTS));
  }

  /**
   * Writes a Dataset as Parquet, replacing what is there.
   *
   * @param rows the rows
   * @param path the directory
   */
  public static void writeParquet(Dataset<Row> rows, String path) {
    rows.write().mode(SaveMode.Overwrite).parquet(path);
  }

  /** Reads the files of one partition; emits transactions or problems. Holds only the options. */
  static final class IngestFiles implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
    private static final long serialVersionUID = 1L;
    private final PfmsSparkOptions options;
    private final boolean transactions;

    IngestFiles(PfmsSparkOptions options, boolean transactions) {
      this.options = options;
      this.transactions = transactions;
    }

    @Override
    public Iterator<Row> call(Tuple2<String, PortableDataStream> file) {
      String path = file._1();
      String name = path.substring(path.lastIndexOf('/') + 1);
      List<Row> out = new ArrayList<>();
      IngestSource source = IngestSource.of(name, file._2().toArray());
      try {
        Ingestor in = options.ingestFormat() == null ? Pfms.ingestorFor(source) : Pfms.ingestor(options.ingestFormat());
        String format = in.format();
        in.ingest(source, LocalPipeline.sink(name, Integer.MAX_VALUE - 8, batch -> {
          if (transactions) {
            for (Transaction t : batch) {
              out.add(Rows.transaction(t, format));
            }
          }
        }, p -> {
          if (!transactions) {
            out.add(p);
          }
        }));
      } catch (IngestException | UncheckedIOException e) {
        if (!transactions) {
          out.add(RowFactory.create(name, 0L, null, e.getMessage()));
        }
      }
      return out.iterator();
    }
  }

  /** Categorizes and scores a partition in per-source batches. Holds only the options. */
  static final class AnalyzePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PfmsSparkOptions options;

    AnalyzePartition(PfmsSparkOptions options) {
      this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      Categorizer categorizer = LocalPipeline.categorizer(options);
      AnomalyModel detector = LocalPipeline.detector(options);
      int size = options.batchSize();
      return new Iterator<>() {
        private Row pending;
        private Iterator<Row> current = List.<Row>of().iterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext()) {
            if (pending == null && !input.hasNext()) {
              return false;
            }
            List<Transaction> batch = new ArrayList<>(Math.min(size, 4096));
            Row first = pending != null ? pending : input.next();
            pending = null;
            String source = Rows.source(first);
            String format = Rows.format(first);
            batch.add(Rows.toTransaction(first));
            while (batch.size() < size && input.hasNext()) {
              Row r = input.next();
              if (!Rows.source(r).equals(source)) {
                pending = r;
                break;
              }
              batch.add(Rows.toTransaction(r));
            }
            current = LocalPipeline.analyzeBatch(categorizer, detector, batch, format).iterator();
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }

  /** Account, predicted category and currency of an analyzed row. */
  static final class ForecastKey implements MapFunction<Row, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Row r) {
      return LocalPipeline.key(r);
    }
  }

  /** Monthly sums of one group, then its forecast. Holds only the options. */
  static final class ForecastGroup implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PfmsSparkOptions options;
    private transient Forecaster forecaster;

    ForecastGroup(PfmsSparkOptions options) {
      this.options = options;
    }

    @Override
    public Iterator<Row> call(String key, Iterator<Row> rows) {
      if (forecaster == null) {
        forecaster = Pfms.forecaster(options.forecaster(), ProviderConfig.empty());
      }
      Map<String, NavigableMap<LocalDate, BigDecimal>> sums = new TreeMap<>();
      while (rows.hasNext()) {
        LocalPipeline.addSpending(sums, rows.next());
      }
      NavigableMap<LocalDate, BigDecimal> monthly = sums.get(key);
      return monthly == null ? List.<Row>of().iterator()
          : LocalPipeline.forecast(key, monthly, forecaster, options).iterator();
    }
  }
}
