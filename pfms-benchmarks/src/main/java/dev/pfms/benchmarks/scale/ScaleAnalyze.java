package dev.pfms.benchmarks.scale;

import dev.pfms.api.pipeline.AnalysisResult;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactPredictions;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.core.ingest.csv.CsvIngestor;
import dev.pfms.core.sample.ScaleCsv;
import dev.pfms.core.transfer.TransferMatcher;
import dev.pfms.examples.support.Services;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale benchmark: {@code rows} generated, labelled rows ({@link ScaleCsv}: linear, realistic
 * dates at every size) through ingest and the analysis {@code ./pfms analyze} runs — train the
 * default categorizer on the first half of the history by date (its labels), categorize every row,
 * match transfers (pfms-core's {@code TransferMatcher}, as {@code analyze}), fit and score the
 * default anomaly detector, forecast spending per category —
 * printing each stage's time, the peak heap (heap memory pools' peak, reset after generation), GC
 * time, the process's peak RSS, and the machine. One size per JVM, so that peaks do not mix:
 *
 * <pre>
 * for n in 10000 100000 1000000; do
 *   java -Xmx1g -cp pfms-benchmarks/target/benchmarks.jar dev.pfms.benchmarks.scale.ScaleAnalyze $n
 * done
 * </pre>
 *
 * <p>Optional second argument: the categorizer provider (default: the preferred installed one, as
 * {@code analyze} picks it). The CSV is generated to {@code /tmp/pfms-scale-labelled-<rows>.csv}
 * when absent (generation is not timed). A program, not a test: no figure is asserted.
 */
public final class ScaleAnalyze {

  private ScaleAnalyze() {}

  /**
   * Runs one size.
   *
   * @param args rows, then optionally the categorizer provider
   * @throws IOException when the file cannot be written or read
   */
  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 100_000L;
    String categorizerName = args.length > 1 ? args[1] : null;
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "pfms-scale-labelled-" + rows + ".csv");
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        new ScaleCsv(ScaleCsv.accountsFor(rows), true, 42).write(w, rows);
      }
      System.out.printf("generated %,d rows (%,d bytes) in %.1f s%n", rows, Files.size(file),
          (System.nanoTime() - t0) / 1e9);
    }
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    long start = System.nanoTime();
    long[] mark = {start};
    String[] current = {"ingest"};

    IngestReport report = CsvIngestor.detecting().ingest(IngestSource.of(file));
    List<Transaction> txs = report.transactions();
    lap(stages, current, mark, "train categorizer");

    List<Transaction> training = firstHalf(txs);
    Services.Named<Categorizer> categorizer = Services.create(CategorizerProvider.class, categorizerName);
    Services.Named<AnomalyDetector> detector = Services.create(AnomalyDetectorProvider.class, null);
    Services.Named<Forecaster> forecaster = Services.spendingForecaster(null);
    categorizer.service().train(training);
    int trainingRows = training.size();
    training = null; // not retained through the analysis

    Pipeline pipeline = Pipeline.builder().transfers(TransferMatcher.withDefaults())
        .categorizer(categorizer.service()).anomalyDetector(detector.service()).forecaster(forecaster.service())
        .withoutConsent().progress(step -> lap(stages, current, mark, step)).build();
    AnalysisResult result = pipeline.run(txs);
    lap(stages, current, mark, "");
    double total = (System.nanoTime() - start) / 1e9;

    long correct = 0;
    for (int i = 0; i < txs.size(); i++) {
      Category truth = txs instanceof CompactTransactions c ? c.category(i) : txs.get(i).category();
      Category predicted = result.predictions() instanceof CompactPredictions p ? p.category(i)
          : result.predictions().get(i).category();
      if (truth != null && truth.equals(predicted)) {
        correct++;
      }
    }
    long flagged = result.anomalies().stream().filter(a -> a.flagged()).count();
    long peakHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peakHeap += p.getPeakUsage().getUsed();
      }
    }
    long gcMillis = 0;
    long gcCount = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
      gcCount += Math.max(0, gc.getCollectionCount());
    }
    System.out.printf("%nscale %,d rows: %,d transactions, %,d problems; categorizer %s trained on %,d rows; "
            + "detector %s; forecaster %s%n", rows, txs.size(), report.problems().size(), categorizer.name(),
        trainingRows, detector.name(), forecaster.name());
    for (Map.Entry<String, Double> e : stages.entrySet()) {
      System.out.printf("  %-42s %8.1f s  %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
    }
    System.out.printf("  %-42s %8.1f s%n", "total", total);
    System.out.printf("accuracy vs generated labels %.3f; %,d flagged; %d forecasts%n", correct / (double) txs.size(),
        flagged, result.forecasts().size());
    System.out.printf("peak heap %.0f MB (max heap %.0f MB), GC %d collections %.1f s, peak RSS %s%n", peakHeap / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6, gcCount, gcMillis / 1e3, peakRss());
    System.out.printf("machine: %s, %d cores, JDK %s, load average at end %.2f%n", StreamingIngest.cpu(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    int histogram = Integer.getInteger("scale.histogram", 0);
    if (histogram > 0) {
      histogram(histogram, txs.size());
    }
    // what is retained at the end: the ingested list and the analysis result
    java.lang.ref.Reference.reachabilityFence(txs);
    java.lang.ref.Reference.reachabilityFence(result);
  }

  /** The live-object histogram (a full GC) while the ingested rows and the result are still held. */
  private static void histogram(int lines, int rows) {
    try {
      String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      String[] all = h.split("\n");
      System.out.printf("%nlive objects (GC.class_histogram), bytes per transaction of %,d:%n", rows);
      for (int i = 0; i < Math.min(all.length, lines + 3); i++) {
        String[] f = all[i].trim().split("\\s+");
        if (i >= 2 && f.length >= 4 && f[2].matches("\\d+")) {
          System.out.printf("%s   %7.1f B/tx%n", all[i], Long.parseLong(f[2]) / (double) Math.max(1, rows));
        } else {
          System.out.println(all[i]);
        }
      }
      String total = all[all.length - 1].trim();
      String[] f = total.split("\\s+");
      System.out.printf("%s   %7.1f B/tx%n", total, Long.parseLong(f[2]) / (double) Math.max(1, rows));
    } catch (javax.management.JMException | RuntimeException e) {
      System.out.println("no class histogram: " + e);
    }
  }

  private static void lap(Map<String, Double> stages, String[] current, long[] mark, String next) {
    long now = System.nanoTime();
    stages.merge(current[0], (now - mark[0]) / 1e9, Double::sum);
    mark[0] = now;
    current[0] = next.replaceAll("\\d[\\d,]* ", "");
  }

  /** The rows dated before the middle of the history, as {@code analyze --train-fraction 0.5} takes them. */
  private static List<Transaction> firstHalf(List<Transaction> txs) {
    LocalDate min = LocalDate.MAX;
    LocalDate max = LocalDate.MIN;
    for (Transaction t : txs) {
      min = t.bookingDate().isBefore(min) ? t.bookingDate() : min;
      max = t.bookingDate().isAfter(max) ? t.bookingDate() : max;
    }
    LocalDate cut = min.plusDays(Math.round(ChronoUnit.DAYS.between(min, max) * 0.5));
    if (txs instanceof CompactTransactions c) {
      // as analyze takes a long history's training rows: compact, not a copy of each row (ADR 0026)
      return c.select(i -> c.category(i) != null && c.bookingDate(i).isBefore(cut));
    }
    List<Transaction> out = new ArrayList<>();
    for (Transaction t : txs) {
      if (t.category() != null && t.bookingDate().isBefore(cut)) {
        out.add(t);
      }
    }
    return out;
  }

  private static String peakRss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return l.substring(6).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "n/a";
  }
}
