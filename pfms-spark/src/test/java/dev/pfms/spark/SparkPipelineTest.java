package dev.pfms.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.sample.ScaleCsv;
import dev.pfms.spark.internal.ExecutorModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local mode ({@code local[2]}) against the single-JVM streaming pipeline on the same
 * generated statements: row for row the same ids, categories, scores and forecasts.
 */
class SparkPipelineTest {

  /** Rows over all statements; {@code -Dpfms.spark.rows=200000} for the larger run. */
  static final int ROWS = Integer.getInteger("pfms.spark.rows", 100_000);
  static final int ROWS_PER_FILE = 5_000;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static PfmsSparkOptions options;
  static List<Path> files = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException {
    Path in = Files.createDirectories(dir.resolve("statements"));
    int n = ROWS / ROWS_PER_FILE;
    for (int f = 0; f < n; f++) {
      Path p = in.resolve(String.format("statement-%03d.csv", f));
      try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
        new ScaleCsv(2, 2 * f, false, 1000 + f).write(w, ROWS_PER_FILE);
        if (f == 0) {
          w.write("2020-02-30,ACC-10000,BROKEN DATE ROW,-1.00,GBP,0.00\n"); // a located problem
        }
      }
      files.add(p);
    }
    Path garbage = in.resolve("garbage.bin");
    byte[] noise = new byte[4096];
    new Random(3).nextBytes(noise);
    Files.write(garbage, noise);
    files.add(garbage);

    Path history = dir.resolve("history.csv");
    try (Writer w = Files.newBufferedWriter(history, StandardCharsets.UTF_8)) {
      new ScaleCsv(4, 900, true, 7).write(w, 20_000);
    }
    IngestReport labelled = Pfms.ingestor("csv").ingest(IngestSource.of(history));
    // a small, quick tf-idf + GBM model: the point is loading a saved model by reference, not accuracy
    Categorizer model = Pfms.categorizer("tfidf-gbm", ProviderConfig.of(java.util.Map.of("trees", 5)));
    model.train(labelled.transactions().subList(0, 600));
    Path saved = Files.createDirectories(dir.resolve("tfidf-model"));
    model.save(saved);
    ModelReference catModel = ModelReference.zip("tfidf-gbm", saved, dir.resolve("tfidf-model.zip"));
    ModelReference anomalyModel = ModelReference.of("robust-zscore", history);
    options = PfmsSparkOptions.defaults().withCategorizerModel(catModel).withDetectorModel(anomalyModel)
        .withBatchSize(1000);

    spark = SparkSession.builder().master("local[2]").appName("pfms-spark-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
        .config("spark.local.dir", dir.resolve("spark-local").toString()).getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  @DisplayName("Spark output equals the single-JVM streaming output row for row: ids, categories, scores, forecasts, problems")
  void sparkEqualsSingleJvm() {
    List<Row> localAnalyzed = new ArrayList<>();
    List<Row> localProblems = new ArrayList<>();
    List<Row> localForecasts = new LocalPipeline(options).run(files, localAnalyzed::add, localProblems::add);

    Ingested in = PfmsSpark.read(spark, dir.resolve("statements").toUri().toString(), options);
    Dataset<Row> analyzed = PfmsSpark.analyze(in.transactions(), options).cache();
    List<Row> sparkAnalyzed = analyzed.collectAsList();
    List<Row> sparkForecasts = PfmsSpark.forecast(analyzed, options).collectAsList();
    List<Row> sparkProblems = in.problems().collectAsList();

    assertThat(localAnalyzed).hasSize(ROWS);
    assertThat(canonical(sparkAnalyzed)).isEqualTo(canonical(localAnalyzed));
    assertThat(canonical(sparkProblems)).isEqualTo(canonical(localProblems));
    assertThat(canonical(sparkForecasts)).isEqualTo(canonical(localForecasts));

    assertThat(localProblems).extracting(r -> r.getString(0)).contains("statement-000.csv", "garbage.bin");
    assertThat(localForecasts).isNotEmpty();
    long categorized = localAnalyzed.stream().filter(r -> !r.getBoolean(Rows_NEEDS_REVIEW)).count();
    long flagged = localAnalyzed.stream().filter(r -> r.getBoolean(Rows_FLAGGED)).count();
    assertThat(localAnalyzed.stream().map(r -> r.getString(dev.pfms.spark.internal.Rows.TX_COLUMNS)).distinct().count())
        .as("distinct predicted categories").isGreaterThan(5);
    assertThat(flagged).as("flagged rows").isBetween(1L, ROWS / 20L);
    // one load per model for the whole JVM (driver and local executor threads share it)
    assertThat(ExecutorModels.loads()).isEqualTo(2);

    Path out = dir.resolve("parquet");
    PfmsSpark.writeParquet(analyzed, out.toUri().toString());
    assertThat(spark.read().parquet(out.toUri().toString()).count()).isEqualTo(ROWS);
    System.out.printf("[spark] %,d rows, %,d problems, %,d forecast rows, %,d categorized, %,d flagged%n",
        sparkAnalyzed.size(), sparkProblems.size(), sparkForecasts.size(), categorized, flagged);
  }

  static final int Rows_NEEDS_REVIEW = dev.pfms.spark.internal.Rows.TX_COLUMNS + 2;
  static final int Rows_FLAGGED = dev.pfms.spark.internal.Rows.TX_COLUMNS + 5;

  @Test
  @DisplayName("closures carry the options only: a few hundred bytes, no model")
  void closuresAreSmall() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new PfmsSpark.AnalyzePartition(options));
      out.writeObject(new PfmsSpark.IngestFiles(options, true));
      out.writeObject(new PfmsSpark.ForecastGroup(options));
    }
    assertThat(bytes.size()).isLessThan(4096);
  }

  @Test
  @DisplayName("a model whose bytes do not match the reference's SHA-256 is refused")
  void refusesAModelWithAnotherHash() throws IOException {
    Path f = Files.writeString(dir.resolve("tampered.csv"), "Date,Description,Amount\n2024-01-02,X,-1.00\n");
    ModelReference wrong = new ModelReference("robust-zscore", f.toUri(), "0".repeat(64));
    assertThatThrownBy(() -> ExecutorModels.get(wrong, ModelLoaders.detectorFittedOn(),
        dev.pfms.api.spi.AnomalyModel.class)).isInstanceOf(ModelException.class).hasMessageContaining("SHA-256");
  }

  @Test
  @DisplayName("options come from spark.pfms.* keys; a misspelt key names the known ones")
  void optionsFromSparkConf() {
    PfmsSparkOptions o = PfmsSparkOptions.from(java.util.Map.of("spark.pfms.batch.size", "77",
        "spark.pfms.anomaly", "none", "spark.pfms.categorizer.model", "file:/m.zip",
        "spark.pfms.categorizer.model.sha256", "a".repeat(64)));
    assertThat(o.batchSize()).isEqualTo(77);
    assertThat(o.categorizerModel().uri()).isEqualTo(URI.create("file:/m.zip"));
    assertThat(o.detectorModel()).isNull();
    assertThatThrownBy(() -> PfmsSparkOptions.from(java.util.Map.of("spark.pfms.batchsize", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spark.pfms.batch.size");
  }

  /** Rows as comparable strings, sorted: decimals by value, dates as ISO, arrays as lists. */
  static List<String> canonical(List<Row> rows) {
    return rows.stream().map(SparkPipelineTest::canonical).sorted().collect(Collectors.toList());
  }

  static String canonical(Row r) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      if (v instanceof BigDecimal d) {
        cells.add(d.stripTrailingZeros().toPlainString());
      } else if (v instanceof java.sql.Date d) {
        cells.add(d.toLocalDate().toString());
      } else if (v instanceof Object[] a) {
        cells.add(Stream.of(a).map(String::valueOf).toList().toString());
      } else if (v instanceof scala.collection.Seq<?> s) {
        cells.add(scala.jdk.javaapi.CollectionConverters.asJava(s).toString());
      } else if (v instanceof java.util.List<?> l) {
        cells.add(l.toString());
      } else {
        cells.add(String.valueOf(v));
      }
    }
    return String.join("|", cells);
  }

  static Comparator<Row> byId() {
    return Comparator.comparing(r -> r.getString(0));
  }
}
