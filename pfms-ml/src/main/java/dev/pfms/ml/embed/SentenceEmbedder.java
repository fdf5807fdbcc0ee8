package dev.pfms.ml.embed;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.pfms.api.ModelException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded sentence-embedding model: DJL {@link Criteria} with the model's engine, a
 * {@link MeanPoolingTranslator}, and batched {@link Predictor#batchPredict} calls.
 *
 * <p>Thread-safe: the DJL model is shared and each call uses its own short-lived predictor.
 * Loaded models are shared per model id within the JVM ({@link #shared}), because an engine
 * session is large and immutable; they stay open until the JVM exits.
 */
public final class SentenceEmbedder {

  private static final Logger LOG = LoggerFactory.getLogger(SentenceEmbedder.class);
  private static final Map<String, SentenceEmbedder> SHARED = new ConcurrentHashMap<>();

  private final EmbeddingModelSource source;
  private final ZooModel<String, float[]> model;
  private final int dimension;
  private final EmbeddingCache cache = new EmbeddingCache(16);

  private SentenceEmbedder(EmbeddingModelSource source, ZooModel<String, float[]> model) {
    this.source = source;
    this.model = model;
    try (Predictor<String, float[]> p = model.newPredictor()) {
      this.dimension = p.predict("probe").length;
    } catch (TranslateException e) {
      throw new ModelException("embedding model " + source.id() + " failed on a probe sentence", e);
    }
  }

  /**
   * Opens a model offline: sets DJL offline, points native extraction under {@code cacheDir} (unless
   * the application chose {@code ENGINE_CACHE_DIR}), extracts a bundled model there once, and loads
   * it (shared within the JVM).
   *
   * @param model {@code minilm} (bundled all-MiniLM-L6-v2), {@code minilm-q} (its int8 version), or a
   *     directory with one {@code *.onnx} or {@code *.pt} model and a {@code tokenizer.json}
   * @param cacheDir the pfms DJL cache directory
   * @return the embedder
   * @throws ModelException naming the Maven artifact to add when an engine or the model is missing
   */
  public static SentenceEmbedder open(String model, java.nio.file.Path cacheDir) {
    DjlRuntime.prepare(cacheDir);
    return shared(EmbeddingModelSource.resolve(model, cacheDir));
  }

  /**
   * The loaded model for a source, loading it on first use.
   *
   * @param source the model
   * @return the embedder
   * @throws ModelException when the engine, tokenizer or model is missing or broken
   */
  static SentenceEmbedder shared(EmbeddingModelSource source) {
    return SHARED.computeIfAbsent(source.id() + "@" + source.directory(), k -> load(source));
  }

  private static SentenceEmbedder load(EmbeddingModelSource source) {
    DjlRuntime.requireRuntime(source.engine());
    try {
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(source.tokenizer(),
          Map.of("padding", "true", "truncation", "true", "maxLength", "64"));
      boolean tokenTypes = source.engine().equals("OnnxRuntime");
      Criteria<String, float[]> criteria = Criteria.builder()
          .setTypes(String.class, float[].class)
          .optModelPath(source.directory())
          .optModelName(source.modelName())
          .optEngine(source.engine())
          .optTranslator(new MeanPoolingTranslator(tokenizer, tokenTypes))
          .build();
      ZooModel<String, float[]> model = criteria.loadModel();
      if (tokenTypes && model.describeInput() != null && model.describeInput().size() == 2) {
        model.close();
        criteria = Criteria.builder().setTypes(String.class, float[].class)
            .optModelPath(source.directory()).optModelName(source.modelName()).optEngine(source.engine())
            .optTranslator(new MeanPoolingTranslator(tokenizer, false)).build();
        model = criteria.loadModel();
      }
      LOG.info("loaded embedding model {} on {}", source.id(), source.engine());
      return new SentenceEmbedder(source, model);
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new ModelException("cannot load embedding model " + source.id() + " from " + source.directory(), e);
    } catch (EngineException | UnsatisfiedLinkError e) {
      String artifacts = source.engine().equals("PyTorch") ? DjlRuntime.PYTORCH_ARTIFACTS : DjlRuntime.ORT_ARTIFACT;
      throw new ModelException("DJL engine " + source.engine() + " could not start offline; add " + artifacts
          + " (natives included) to the class path", e);
    }
  }

  /**
   * The model id (name and content-hash prefix).
   *
   * @return the id
   */
  public String modelId() {
    return source.id();
  }

  /**
   * This model's embedding cache, shared by all its users; each categorizer raises its capacity to
   * its own {@code cacheSize}.
   *
   * @return the cache
   */
  public EmbeddingCache cache() {
    return cache;
  }

  /**
   * The embedding dimension.
   *
   * @return e.g. 384
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Embeds sentences in batches through {@link Predictor#batchPredict}, batching sentences of similar
   * length together: the tokenizer pads every sentence of a batch to the batch's longest, so a batch
   * mixing "TFL" with a 60-token SEPA remittance does ten times the work it needs. The sentences are
   * ordered by length (stable), embedded in batches of {@code batchSize}, and the vectors returned in
   * the callers' order. A sentence's vector does not depend on its batch: mean pooling uses the
   * attention mask, so padding is excluded.
   *
   * @param sentences the sentences
   * @param batchSize sentences per forward pass
   * @return one L2-normalized vector per sentence, in order
   * @throws ModelException when inference fails
   */
  public List<float[]> embed(List<String> sentences, int batchSize) {
    return embed(sentences, batchSize, true);
  }

  /**
   * Embeds sentences in batches, in the given order or grouped by length (for comparison).
   *
   * @param sentences the sentences
   * @param batchSize sentences per forward pass
   * @param byLength whether to batch sentences of similar length together
   * @return one L2-normalized vector per sentence, in order
   * @throws ModelException when inference fails
   */
  public List<float[]> embed(List<String> sentences, int batchSize, boolean byLength) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    int n = sentences.size();
    List<float[]> out = new ArrayList<>(n);
    if (n == 0) {
      return out;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (byLength) {
      java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> sentences.get(i).length()));
    }
    float[][] vectors = new float[n][];
    try (Predictor<String, float[]> p = model.newPredictor()) {
      List<String> batch = new ArrayList<>(Math.min(batchSize, n));
      for (int start = 0; start < n; start += batchSize) {
        int end = Math.min(n, start + batchSize);
        batch.clear();
        for (int k = start; k < end; k++) {
          batch.add(sentences.get(order[k]));
        }
        List<float[]> got = p.batchPredict(batch);
        for (int k = start; k < end; k++) {
          vectors[order[k]] = got.get(k - start);
        }
      }
    } catch (TranslateException e) {
      throw new ModelException("embedding inference failed on model " + source.id(), e);
    }
    for (float[] v : vectors) {
      out.add(v);
    }
    return out;
  }

  /**
   * Embeds one sentence with its own forward pass (the plain, unbatched pipeline; for comparison).
   *
   * @param sentence the sentence
   * @return its L2-normalized vector
   */
  public float[] embedOne(String sentence) {
    try (Predictor<String, float[]> p = model.newPredictor()) {
      return p.predict(sentence);
    } catch (TranslateException e) {
      throw new ModelException("embedding inference failed on model " + source.id(), e);
    }
  }

  /**
   * Cosine similarity of two L2-normalized vectors.
   *
   * @param a a vector
   * @param b another vector of the same dimension
   * @return the dot product
   */
  public static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
