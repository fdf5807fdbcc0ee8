package dev.pfms.benchmarks.embed;

import dev.pfms.core.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.core.spi.ProviderConfig;
import dev.pfms.ml.embed.EmbeddingCategorizer;
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
 * Throughput of embedding-gbm, in sentences or transactions per second (ops/s, one op = one
 * sentence or transaction).
 *
 * <ul>
 *   <li>{@code coldBatched} vs {@code coldOneAtATime}: 256 unique merchant strings through the
 *       bundled model, batched ({@code Predictor.batchPredict}, 32 per pass) vs one forward pass
 *       per string (the plain DJL pipeline).</li>
 *   <li>{@code stream}: the full categorizer scoring the 24-month seeded sample stream (about
 *       1,800 transactions, merchants repeating as in a real account) in batches of 256, starting
 *       each run from an empty embedding cache.</li>
 * </ul>
 *
 * <p>Natives and the extracted model go under {@code -Dpfms.djl.cache} (default
 * {@code target/pfms-djl}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class EmbeddingBenchmark {

  static final int COLD = 256;

  /** The bundled model: {@code minilm} (float32) or {@code minilm-q} (int8). */
  @Param({"minilm", "minilm-q"})
  public String model;

  SentenceEmbedder embedder;
  List<String> cold;
  EmbeddingCategorizer categorizer;
  List<Transaction> stream;

  /** Loads the model, trains on the first half of the stream, prepares unique strings. */
  @Setup(Level.Trial)
  public void setUp() {
    Path cache = Path.of(System.getProperty("pfms.djl.cache", "target/pfms-djl"));
    embedder = SentenceEmbedder.open(model, cache);
    List<SampleRow> rows = SampleGenerator.builder().seed(42).months(24).build().generate();
    stream = new ArrayList<>();
    for (SampleRow r : rows) {
      stream.add(r.transaction());
    }
    ProviderConfig cfg = ProviderConfig.builder().set("cacheDir", cache).set("model", model).set("cascade", false).build();
    categorizer = new EmbeddingCategorizerProvider().createModel(cfg);
    categorizer.train(stream.subList(0, stream.size() / 2));
    stream = stream.stream().map(t -> t.withCategory(null)).toList();
    if (stream.size() != 1831) {
      throw new IllegalStateException("the seeded sample stream changed size (" + stream.size()
          + " rows); update @OperationsPerInvocation of stream()");
    }
    Random rnd = new Random(7);
    cold = new ArrayList<>();
    for (int i = 0; i < COLD; i++) {
      String base = stream.get(rnd.nextInt(stream.size())).merchant();
      cold.add(base + " " + word(rnd) + " " + word(rnd));
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

  /** Empties the embedding cache so every stream run starts cold and warms up as a real one would. */
  @Setup(Level.Invocation)
  public void emptyCache() {
    categorizer.cache().clear();
  }

  /**
   * Cold strings, batched.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(COLD)
  public void coldBatched(Blackhole bh) {
    bh.consume(embedder.embed(cold, 32));
  }

  /**
   * Cold strings, one forward pass each.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(COLD)
  public void coldOneAtATime(Blackhole bh) {
    for (String s : cold) {
      bh.consume(embedder.embedOne(s));
    }
  }

  /**
   * The whole sample stream through the categorizer (embedding cache + head + explanation).
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(1831)
  public void stream(Blackhole bh) {
    for (int i = 0; i < stream.size(); i += 256) {
      bh.consume(categorizer.categorizeAll(stream.subList(i, Math.min(stream.size(), i + 256))));
    }
  }
}
