package dev.pfms.examples.spark;

import dev.pfms.spark.Ingested;
import dev.pfms.spark.PfmsSpark;
import dev.pfms.spark.PfmsSparkOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The whole pipeline on Spark over a folder of statements: read (any supported format, detected per
 * file) → categorize and score (models by reference, loaded once per executor) → forecast per account
 * and category → Parquet, then a Spark SQL query over the result.
 *
 * <pre>
 * SparkPipelineExample generate OUT_DIR      # writes 20 demo statements to OUT_DIR/statements first
 * SparkPipelineExample FOLDER OUT_DIR        # your own statements
 * </pre>
 *
 * <p>Models: trains a small tfidf-gbm on a generated labelled history and references it (zip +
 * SHA-256) and the history (for robust-zscore). With your own models, pass
 * {@code -Dspark.pfms.categorizer.model=…} etc. through {@code spark-submit --conf} instead.
 */
public final class SparkPipelineExample {

  private SparkPipelineExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code generate OUT} or {@code FOLDER OUT}; optional third: the master (default local[2])
   * @throws Exception when anything fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SparkPipelineExample (generate | FOLDER) OUT_DIR [master]");
      System.exit(2);
    }
    Path out = Path.of(args[1]).toAbsolutePath();
    Path folder;
    if (args[0].equals("generate")) {
      folder = out.resolve("statements");
      Demo.generate(folder, 20, 5_000);
    } else {
      folder = Path.of(args[0]).toAbsolutePath();
    }
    String master = args.length > 2 ? args[2] : "local[2]";
    PfmsSparkOptions options = Demo.models(out.resolve("models"), PfmsSparkOptions.defaults());
    SparkSession spark = Demo.session(master, Files.createDirectories(out.resolve("spark-local")));
    try {
      long t0 = System.nanoTime();
      Ingested in = PfmsSpark.read(spark, folder.toUri().toString(), options);
      Dataset<Row> analyzed = PfmsSpark.analyze(in.transactions(), options).cache();
      PfmsSpark.writeParquet(analyzed, out.resolve("analyzed.parquet").toUri().toString());
      PfmsSpark.writeParquet(in.problems(), out.resolve("problems.parquet").toUri().toString());
      PfmsSpark.writeParquet(PfmsSpark.forecast(analyzed, options), out.resolve("forecasts.parquet").toUri().toString());
      double s = (System.nanoTime() - t0) / 1e9;
      long rows = analyzed.count();
      System.out.printf("%,d transactions in %.1f s (%,.0f rows/s) on %s; %s%n", rows, s, rows / s, master,
          Demo.machine());
      spark.read().parquet(out.resolve("analyzed.parquet").toUri().toString()).createOrReplaceTempView("analyzed");
      spark.sql("SELECT predicted_category, count(*) AS n, sum(CAST(flagged AS INT)) AS flagged, "
          + "round(sum(-amount), 2) AS spent FROM analyzed WHERE amount < 0 GROUP BY predicted_category "
          + "ORDER BY spent DESC LIMIT 10").show(false);
      spark.read().parquet(out.resolve("forecasts.parquet").toUri().toString()).show(5, false);
      System.out.println("Parquet written under " + out);
    } finally {
      spark.stop();
    }
  }
}
