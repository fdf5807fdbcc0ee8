package dev.pfms.examples.spark;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.sample.ScaleCsv;
import dev.pfms.spark.ModelReference;
import dev.pfms.spark.PfmsSparkOptions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Shared by the two programs: generated statements, a trained model packed by reference, a session. */
final class Demo {

  private Demo() {}

  static List<Path> generate(Path dir, int files, int rowsPerFile) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path p = dir.resolve(String.format("statement-%04d.csv", f));
      try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
        new ScaleCsv(2, 2 * f, false, 1000 + f).write(w, rowsPerFile);
      }
      out.add(p);
    }
    return out;
  }

  /** Trains tfidf-gbm on a labelled history, packs it, and references it and the history. */
  static PfmsSparkOptions models(Path work, PfmsSparkOptions base) throws IOException {
    Files.createDirectories(work);
    Path history = work.resolve("history.csv");
    try (Writer w = Files.newBufferedWriter(history, StandardCharsets.UTF_8)) {
      new ScaleCsv(4, 900_000, true, 7).write(w, 20_000);
    }
    IngestReport labelled = Pfms.ingestor("csv").ingest(IngestSource.of(history));
    Categorizer c = Pfms.categorizer("tfidf-gbm", ProviderConfig.of(Map.of("trees", 10)));
    c.train(labelled.transactions().subList(0, 2_000));
    Path saved = Files.createDirectories(work.resolve("tfidf-gbm"));
    c.save(saved);
    return base.withCategorizerModel(ModelReference.zip("tfidf-gbm", saved, work.resolve("tfidf-gbm.zip")))
        .withDetectorModel(ModelReference.of("robust-zscore", history));
  }

  static SparkSession session(String master, Path local) {
    return SparkSession.builder().master(master).appName("pfms").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8").config("spark.local.dir", local.toString()).getOrCreate();
  }

  static String machine() {
    String cpu = System.getProperty("os.arch");
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version");
  }
}
