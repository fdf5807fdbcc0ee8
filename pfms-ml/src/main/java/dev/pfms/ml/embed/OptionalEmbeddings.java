package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence embeddings for providers that use them when the DJL engine and model are on the class
 * path and work without them otherwise ({@code stacked-gbm}, {@code zero-shot}).
 *
 * <p>Vectors are L2-normalized and cached by text in the model's shared cache. Thread-safe.
 */
public final class OptionalEmbeddings {

  private static final Logger LOG = LoggerFactory.getLogger(OptionalEmbeddings.class);
  private static final int BATCH = 32;

  private final SentenceEmbedder embedder;

  private OptionalEmbeddings(SentenceEmbedder embedder) {
    this.embedder = embedder;
  }

  /**
   * Opens the embedding model when it can be opened here.
   *
   * @param model the model name ({@code minilm}, {@code minilm-q}) or directory
   * @param cacheDir the DJL cache directory
   * @param cacheSize embeddings to keep cached
   * @return the embeddings, or empty when the DJL engine, tokenizer or model is not on the class path
   */
  public static Optional<OptionalEmbeddings> open(String model, Path cacheDir, int cacheSize) {
    try {
      SentenceEmbedder e = SentenceEmbedder.open(model, cacheDir);
      e.cache().ensureCapacity(cacheSize);
      return Optional.of(new OptionalEmbeddings(e));
    } catch (ModelException | LinkageError e) {
      LOG.info("sentence embeddings unavailable, continuing without them: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The model id.
   *
   * @return name and content-hash prefix
   */
  public String modelId() {
    return embedder.modelId();
  }

  /**
   * Embeds texts (cached).
   *
   * @param texts the texts; empty ones are embedded as a single space
   * @return one L2-normalized vector per text, in order (shared arrays: do not modify)
   */
  public float[][] embed(List<String> texts) {
    List<String> keys = new ArrayList<>(texts.size());
    for (String t : texts) {
      keys.add(t.isBlank() ? " " : t);
    }
    return embedder.cache().getAll(keys, cold -> embedder.embed(cold, BATCH)).toArray(new float[0][]);
  }

  /**
   * Dot product of two L2-normalized vectors.
   *
   * @param a a vector
   * @param b another of the same length
   * @return the cosine similarity
   */
  public static double cosine(float[] a, float[] b) {
    return SentenceEmbedder.cosine(a, b);
  }

  @Override
  public String toString() {
    return "OptionalEmbeddings[" + embedder.modelId() + "]";
  }
}
