package dev.pfms.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

  static List<float[]> fake(List<String> keys, AtomicInteger calls) {
    calls.addAndGet(keys.size());
    return keys.stream().map(k -> new float[] {k.length(), k.hashCode()}).toList();
  }

  @Test
  void embedsEachDistinctMissingKeyOnceAndAnswersRepeatsFromTheCache() {
    EmbeddingCache c = new EmbeddingCache(1000);
    AtomicInteger embedded = new AtomicInteger();
    List<float[]> first = c.getAll(List.of("TESCO", "COSTA", "TESCO", "SHELL"), k -> fake(k, embedded));
    assertThat(embedded).hasValue(3);
    assertThat(first.get(0)).isSameAs(first.get(2));
    List<float[]> second = c.getAll(List.of("COSTA", "TESCO", "BP"), k -> fake(k, embedded));
    assertThat(embedded).hasValue(4);
    assertThat(second.get(0)).isSameAs(first.get(1));
    assertThat(c.hits()).isEqualTo(2);
    assertThat(c.misses()).isEqualTo(4);
  }

  @Test
  void staysWithinItsCapacityEvictingLeastRecentlyUsed() {
    EmbeddingCache c = new EmbeddingCache(32);
    AtomicInteger embedded = new AtomicInteger();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add("MERCHANT " + i);
    }
    c.getAll(keys, k -> fake(k, embedded));
    assertThat(c.size()).isLessThanOrEqualTo(32).isGreaterThan(0);
    c.ensureCapacity(1000);
    c.getAll(keys, k -> fake(k, embedded));
    assertThat(c.size()).isEqualTo(500);
    c.ensureCapacity(10);
    assertThat(c.capacity()).isEqualTo(1000);
  }

  @Test
  void concurrentLookupsAgreeAndNeverExceedTheBound() throws Exception {
    EmbeddingCache c = new EmbeddingCache(256);
    AtomicInteger embedded = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<float[]>>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        fs.add(pool.submit(() -> {
          List<String> keys = new ArrayList<>();
          for (int i = 0; i < 400; i++) {
            keys.add("M" + (i % 300));
          }
          return c.getAll(keys, k -> fake(k, embedded));
        }));
      }
      for (Future<List<float[]>> f : fs) {
        List<float[]> v = f.get();
        assertThat(v.get(5)[1]).isEqualTo((float) "M5".hashCode());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.size()).isLessThanOrEqualTo(256);
  }

  @Test
  void rejectsATinyCapacity() {
    assertThatThrownBy(() -> new EmbeddingCache(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
  }
}
