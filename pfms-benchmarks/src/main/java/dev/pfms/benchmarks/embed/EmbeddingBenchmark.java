package dev.pfms.benchmarks.embed;

import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.ml.embed.EmbeddingTrainer;
import dev.pfms.ml.embed.EmbeddingCategorizerProvider;
import dev.pfms.ml.embed.SentenceEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of embedding-gbm, in sentences or transactions per second (one op = one sentence or
 * one transaction).
 *
 * <ul>
 *   <li>{@code coldBatched} vs {@code coldOneAtATime}: 256 unique merchant strings through the
 *       model, batched ({@code Predictor.batchPredict}, 32 per forward pass) vs one forward pass per
 *       string (the plain DJL pipeline).</li>
 *   <li>{@code streamNextYear}: train on the seeded sample's first year (cache holds the training
 *       merchants), then score the second year (916 transactions, merchants repeating as in a real
 *       account, new variants embedded on first sight) in batches of 256. Each run starts from that
 *       state again.</li>
 *   <li>{@code streamWarm}: the same year once every merchant is cached (steady state of a long
 *       stream): the cost of the head, explanation and cache look-ups.</li>
 * </ul>
 *
 * <p>Natives and the extracted model go under {@code -Dpfms.djl.cache} (default
 * {@code target/pfms-djl}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class EmbeddingBenchmark {

  static final int COLD = 256;
  static final int SECOND_YEAR = 916;

  /** The trained categorizer and the data. */
  @State(Scope.Benchmark)
  public static class Model {
    /** The bundled model: {@code minilm} (float32) or {@code minilm-q} (int8). */
    @Param({"minilm", "minilm-q"})
    public String model;

    SentenceEmbedder embedder;
    ModelCategorizer categorizer;
    List<Transaction> firstYear;
    List<Transaction> secondYear;
    List<String> cold;

    /** Loads the model, trains on the first year, prepares unique strings. */
    @Setup(Level.Trial)
    public void setUp() {
      Path cache = Path.of(System.getProperty("pfms.djl.cache", "target/pfms-djl"));
      embedder = SentenceEmbedder.open(model, cache);
      List<Transaction> all = new ArrayList<>();
      for (SampleRow r : SampleGenerator.builder().seed(42).months(24).build().generate()) {
        all.add(r.transaction());
      }
      int half = all.size() - SECOND_YEAR;
      firstYear = all.subList(0, half);
      secondYear = all.subList(half, all.size()).stream().map(t -> t.withCategory(null)).toList();
      if (all.size() != 1831) {
        throw new IllegalStateException("the seeded sample changed size (" + all.size() + " rows); update SECOND_YEAR");
      }
      ProviderConfig cfg = ProviderConfig.builder().set("cacheDir", cache).set("model", model)
          .set("cascade", false).build();
      categorizer = new EmbeddingCategorizerProvider().createModel(cfg);
      categorizer.train(firstYear);
      Random rnd = new Random(7);
      cold = new ArrayList<>();
      for (int i = 0; i < COLD; i++) {
        cold.add(all.get(rnd.nextInt(all.size())).merchant() + " " + word(rnd) + " " + word(rnd));
      }
    }

    private static String word(Random rnd) {
      StringBuilder sb = new StringBuilder();
      int n = 4 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        sb.append((char) ('A' + rnd.nextInt(26)));
      }
      return sb.toString();
    }
  }

  /** Puts the cache back to "just trained on the first year" before each run. */
  @State(Scope.Thread)
  public static class AfterTraining {
    /**
     * Resets the cache.
     *
     * @param m the model state
     */
    @Setup(Level.Invocation)
    public void reset(Model m) {
      ((EmbeddingTrainer) m.categorizer.trainer()).cache().clear();
      m.categorizer.categorizeAll(m.firstYear.stream().map(t -> t.withCategory(null)).toList());
    }
  }

  /**
   * Cold strings, batched.
   *
   * @param m the model
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(COLD)
  public void coldBatched(Model m, Blackhole bh) {
    bh.consume(m.embedder.embed(m.cold, 32));
  }

  /**
   * Cold strings, batched in the given order (no grouping by length): the reference for
   * {@link #coldBatched} in the same run.
   *
   * @param m the model
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(COLD)
  public void coldBatchedUnsorted(Model m, Blackhole bh) {
    bh.consume(m.embedder.embed(m.cold, 32, false));
  }

  /**
   * Cold strings, one forward pass each.
   *
   * @param m the model
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(COLD)
  public void coldOneAtATime(Model m, Blackhole bh) {
    for (String s : m.cold) {
      bh.consume(m.embedder.embedOne(s));
    }
  }

  /**
   * The second year through the categorizer, from the just-trained cache.
   *
   * @param m the model
   * @param fresh resets the cache
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(SECOND_YEAR)
  public void streamNextYear(Model m, AfterTraining fresh, Blackhole bh) {
    score(m, bh);
  }

  /**
   * The second year with every merchant cached.
   *
   * @param m the model
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(SECOND_YEAR)
  public void streamWarm(Model m, Blackhole bh) {
    score(m, bh);
  }

  private static void score(Model m, Blackhole bh) {
    for (int i = 0; i < m.secondYear.size(); i += 256) {
      bh.consume(m.categorizer.categorizeAll(m.secondYear.subList(i, Math.min(m.secondYear.size(), i + 256))));
    }
  }
}
