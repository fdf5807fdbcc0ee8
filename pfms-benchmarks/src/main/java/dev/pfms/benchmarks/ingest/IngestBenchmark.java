package dev.pfms.benchmarks.ingest;

import dev.pfms.core.ingest.csv.CsvIngestor;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.IngestSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CSV ingest throughput: full normalization by the {@code csv} ingestor (layout detection, dates,
 * BigDecimal amounts, masked accounts, merchant keys, stable ids) against a raw commons-csv parse of
 * the same bytes that only touches every field. One operation reads the whole generated file; divide
 * the rows and bytes printed at setup by the score (seconds per operation) for rows/s and MB/s.
 *
 * <p>The file is generated in {@link #setup()}: the sample-data layout
 * ({@code Date,Account,Description,Amount,Currency,Balance}), two accounts, ~400 merchants with store
 * and card numbers that vary per row, as bank descriptions do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class IngestBenchmark {

  /** Rows in the generated file. */
  @Param("1000000")
  public int rows;

  private byte[] bytes;
  private CsvIngestor ingestor;

  /** Generates the file. */
  @Setup(Level.Trial)
  public void setup() {
    bytes = generate(rows, 42);
    ingestor = CsvIngestor.detecting();
    System.out.printf("%n[ingest] %,d rows, %,d bytes (%.1f MB)%n", rows, bytes.length, bytes.length / 1e6);
    System.out.println("[ingest] " + machine());
  }

  /** The machine a figure was taken on: CPU model, cores, JDK, load average, ingest pool threads. */
  static String machine() {
    String cpu = "?";
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = System.getProperty("os.arch");
    }
    String load = "?";
    try {
      load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "cpu " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
        + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", load " + load + ", ingest pool "
        + Integer.getInteger("pfms.ingest.threads", 2) + " threads (pfms.ingest.threads)";
  }

  private long cpuAtStart;
  private int ops;

  /** The process's CPU time (all threads: the pool, GC and JIT included), in nanoseconds, or -1. */
  static long processCpu() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Starts counting this iteration's operations and CPU time. */
  @Setup(Level.Iteration)
  public void startIteration() {
    ops = 0;
    cpuAtStart = processCpu();
  }

  /**
   * Prints the load again after each iteration (the machine is shared) and the CPU seconds per operation
   * of the whole process: on a loaded machine the CPU work is steadier than the wall time, and on an idle
   * one the wall time is bounded below by it divided by the cores.
   */
  @org.openjdk.jmh.annotations.TearDown(Level.Iteration)
  public void load() {
    String cpu = ops > 0 && cpuAtStart >= 0 ? String.format("cpu %.3f s/op, ", (processCpu() - cpuAtStart) / 1e9 / ops)
        : "";
    try {
      System.out.println("  [" + cpu + "load " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
          .strip() + "]");
    } catch (IOException | RuntimeException e) {
      System.out.println("  [" + cpu + "]");
    }
  }

  /**
   * Full normalization streamed to a sink that keeps nothing (the streaming API of issue 18): no
   * report holding a million transactions, so the collector's garbage is short-lived.
   *
   * @param bh the blackhole
   * @return the summary
   */
  @Benchmark
  public dev.pfms.api.model.IngestSummary ingestStreaming(Blackhole bh) {
    ops++;
    return ingestor.ingest(IngestSource.of("bench.csv", bytes), new dev.pfms.api.spi.IngestSink() {
      @Override
      public boolean transaction(dev.pfms.api.model.Transaction t) {
        bh.consume(t);
        return true;
      }

      @Override
      public boolean problem(dev.pfms.api.model.IngestProblem p) {
        bh.consume(p);
        return true;
      }
    });
  }

  static byte[] generate(int rows, long seed) {
    Random r = new Random(seed);
    String[] prefixes = {"POS ", "CARD PAYMENT TO ", "DD ", "CONTACTLESS ", "FPO ", ""};
    String[] names = new String[400];
    String[] words = {"TESCO", "SAINSBURYS", "COSTA", "PRET", "SHELL", "AMAZON", "NETFLIX", "UBER", "BOOTS", "ARGOS",
        "WAITROSE", "LIDL", "ALDI", "STARBUCKS", "GREGGS", "TFL", "EE", "VODAFONE", "BRITISH GAS", "THAMES WATER"};
    String[] kinds = {"STORES", "LTD", "UK", "CAFE", "EXPRESS", "MARKET", "ONLINE", "TRAVEL", "PLC", "SUPERSTORE"};
    for (int i = 0; i < names.length; i++) {
      names[i] = words[r.nextInt(words.length)] + " " + kinds[r.nextInt(kinds.length)]
          + (r.nextBoolean() ? " " + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) : "");
    }
    StringBuilder sb = new StringBuilder(rows * 80);
    sb.append("Date,Account,Description,Amount,Currency,Balance\n");
    long balance = 250_000;
    int day = 0;
    for (int i = 0; i < rows; i++) {
      if (r.nextInt(40) == 0) {
        day++;
      }
      int y = 2015 + (day / 336) % 150; // wraps before 2165: rows past ~2.2 M used to be dated after 2199
      int m = 1 + (day / 28) % 12;
      int d = 1 + day % 28;
      String account = r.nextInt(4) == 0 ? "credit-card" : "current";
      String desc = prefixes[r.nextInt(prefixes.length)] + names[r.nextInt(names.length)];
      if (r.nextInt(3) == 0) {
        desc += " " + (1000 + r.nextInt(9000)) + " LONDON GB";
      } else if (r.nextInt(2) == 0) {
        desc += " ****" + (1000 + r.nextInt(9000));
      }
      long cents = r.nextInt(20) == 0 ? 100_000 + r.nextInt(300_000) : -(50 + r.nextInt(15_000));
      balance += cents;
      sb.append(y).append('-').append(m < 10 ? "0" : "").append(m).append('-').append(d < 10 ? "0" : "").append(d)
          .append(',').append(account).append(',');
      if (desc.indexOf(',') >= 0) {
        sb.append('"').append(desc).append('"');
      } else {
        sb.append(desc);
      }
      sb.append(',').append(money(cents)).append(",GBP,").append(money(balance)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String money(long cents) {
    String sign = cents < 0 ? "-" : "";
    long a = Math.abs(cents);
    return sign + a / 100 + "." + (a % 100 < 10 ? "0" : "") + a % 100;
  }

  /**
   * Full normalization: the csv ingestor, layout detected from the head.
   *
   * @return the report
   */
  @Benchmark
  public IngestReport ingest() {
    ops++;
    return ingestor.ingest(IngestSource.of("bench.csv", bytes));
  }

  /**
   * The baseline: commons-csv parses the same bytes (UTF-8 decoding included) and every field is
   * handed to the blackhole.
   *
   * @param bh the blackhole
   * @throws IOException never, the bytes are in memory
   */
  @Benchmark
  public void rawCommonsCsv(Blackhole bh) throws IOException {
    ops++;
    Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    try (CSVParser p = CSVParser.parse(reader, CSVFormat.DEFAULT)) {
      for (CSVRecord rec : p) {
        for (int i = 0; i < rec.size(); i++) {
          bh.consume(rec.get(i));
        }
      }
    }
  }
}
