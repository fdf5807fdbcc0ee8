package dev.pfms.examples.spark;

import dev.pfms.spark.Ingested;
import dev.pfms.spark.LocalPipeline;
import dev.pfms.spark.PfmsSpark;
import dev.pfms.spark.PfmsSparkOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows/s end to end (read → categorize + score → forecast, results consumed) on the same generated
 * statements: the single-JVM streaming pipeline ({@link LocalPipeline}), then the Spark job on
 * {@code local[1]} and {@code local[2]}. Models are loaded before the timed runs (the per-JVM cache
 * keeps them, as an executor would). A program, not a test: it prints figures and asserts nothing.
 *
 * <pre>SparkVsLocalBenchmark [rows, default 200000] [work dir]</pre>
 */
public final class SparkVsLocalBenchmark {

  private SparkVsLocalBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args rows, work directory
   * @throws Exception when anything fails
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
    Path work = Path.of(args.length > 1 ? args[1] : "/tmp/pfms-spark-bench").toAbsolutePath();
    int perFile = 5_000;
    Path folder = work.resolve("statements-" + rows);
    List<Path> files = Demo.generate(folder, Math.max(1, rows / perFile), perFile);
    PfmsSparkOptions options = Demo.models(work.resolve("models"), PfmsSparkOptions.defaults());
    System.out.println("machine: " + Demo.machine());

    for (int round = 0; round < 2; round++) { // round 0 warms the JIT and loads the models
      long[] n = {0};
      long t0 = System.nanoTime();
      List<Row> forecasts = new LocalPipeline(options).run(files, r -> n[0]++, r -> { });
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s single JVM (streaming): %,d rows, %,d forecast rows in %.1f s = %,.0f rows/s%n",
          round == 0 ? "warm-up" : "measured", n[0], forecasts.size(), s, n[0] / s);
    }
    for (String master : new String[] {"local[1]", "local[2]"}) {
      SparkSession spark = Demo.session(master, Files.createDirectories(work.resolve("spark-local")));
      try {
        for (int round = 0; round < 2; round++) {
          long t0 = System.nanoTime();
          Ingested in = PfmsSpark.read(spark, folder.toUri().toString(), options);
          Dataset<Row> analyzed = PfmsSpark.analyze(in.transactions(), options).cache();
          long count = analyzed.count();
          long forecasts = PfmsSpark.forecast(analyzed, options).count();
          double s = (System.nanoTime() - t0) / 1e9;
          analyzed.unpersist();
          System.out.printf("%s Spark %s: %,d rows, %,d forecast rows in %.1f s = %,.0f rows/s%n",
              round == 0 ? "warm-up" : "measured", master, count, forecasts, s, count / s);
        }
      } finally {
        spark.stop();
      }
    }
  }
}
