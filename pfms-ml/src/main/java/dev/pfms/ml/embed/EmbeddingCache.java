package dev.pfms.ml.embed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A bounded, thread-safe LRU cache of embeddings keyed by normalized description.
 *
 * <p>Each loaded model has one (see {@link SentenceEmbedder#cache()}), shared by every categorizer
 * using that model: an embedding depends only on the model and the text, so sharing is safe, and
 * cross-validation folds or several users' models do not embed the same merchant twice.
 *
 * <p>Bank streams repeat merchants heavily, so most look-ups hit. The cache is split into
 * 16 independently locked stripes (each an access-ordered {@link LinkedHashMap}), so concurrent
 * scorers rarely contend; each stripe holds at most {@code capacity / 16} entries. Misses of a
 * batch are de-duplicated and embedded in one batched call.
 */
public final class EmbeddingCache {

  private final Stripe[] stripes;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private volatile int capacity;

  /**
   * Creates a cache.
   *
   * @param capacity the most entries kept (at least 16)
   */
  public EmbeddingCache(int capacity) {
    if (capacity < 16) {
      throw new IllegalArgumentException("embedding cache capacity must be at least 16: " + capacity);
    }
    this.capacity = capacity;
    stripes = new Stripe[16];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe(this);
    }
  }

  /**
   * Raises the capacity to at least {@code atLeast} (never lowers it).
   *
   * @param atLeast the capacity wanted
   */
  public synchronized void ensureCapacity(int atLeast) {
    if (atLeast > capacity) {
      capacity = atLeast;
    }
  }

  /**
   * The embeddings of some keys: cached ones at once, the rest computed in one call to
   * {@code embedMissing} (each distinct missing key once) and then cached.
   *
   * @param keys the normalized descriptions, repeats allowed
   * @param embedMissing computes embeddings for distinct keys, in order
   * @return one vector per key, in order (shared arrays: do not modify)
   */
  public List<float[]> getAll(List<String> keys, Function<List<String>, List<float[]>> embedMissing) {
    float[][] out = new float[keys.size()][];
    Map<String, List<Integer>> missing = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      float[] v = stripe(k).get(k);
      if (v != null) {
        out[i] = v;
        hits.increment();
      } else {
        missing.computeIfAbsent(k, x -> new ArrayList<>(1)).add(i);
      }
    }
    if (!missing.isEmpty()) {
      List<String> cold = new ArrayList<>(missing.keySet());
      misses.add(cold.size());
      List<float[]> computed = embedMissing.apply(cold);
      if (computed.size() != cold.size()) {
        throw new IllegalStateException("embedder returned " + computed.size() + " vectors for " + cold.size() + " keys");
      }
      Map<String, float[]> byKey = new HashMap<>();
      for (int j = 0; j < cold.size(); j++) {
        byKey.put(cold.get(j), computed.get(j));
        stripe(cold.get(j)).put(cold.get(j), computed.get(j));
      }
      missing.forEach((k, idx) -> idx.forEach(i -> out[i] = byKey.get(k)));
    }
    return java.util.Arrays.asList(out);
  }

  /** Drops every entry (statistics are kept). */
  public void clear() {
    for (Stripe st : stripes) {
      st.clear();
    }
  }

  /**
   * Look-ups answered from the cache so far.
   *
   * @return the count
   */
  public long hits() {
    return hits.sum();
  }

  /**
   * Distinct keys that had to be embedded so far.
   *
   * @return the count
   */
  public long misses() {
    return misses.sum();
  }

  /**
   * Entries held now.
   *
   * @return the count, at most {@link #capacity()}
   */
  public int size() {
    int s = 0;
    for (Stripe st : stripes) {
      s += st.size();
    }
    return s;
  }

  /**
   * The most entries kept.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  private Stripe stripe(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    return stripes[h & (stripes.length - 1)];
  }

  private static final class Stripe {
    private final LinkedHashMap<String, float[]> map;

    Stripe(EmbeddingCache owner) {
      this.map = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > Math.max(1, owner.capacity / owner.stripes.length);
        }
      };
    }

    synchronized float[] get(String k) {
      return map.get(k);
    }

    synchronized void put(String k, float[] v) {
      map.put(k, v);
    }

    synchronized void clear() {
      map.clear();
    }

    synchronized int size() {
      return map.size();
    }
  }
}
