package dev.pfms.core.ingest.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts how often each content key was seen, like {@code HashMap<String, Integer>.merge(key, 1, sum)},
 * but keeps a 64-bit fingerprint per distinct key instead of the key (the caller's: {@code ReportCollector}
 * takes the first 8 bytes of the key's SHA-256, ADR 0023): one {@code long} slot in an
 * open-addressing table (load ≤ 0.75, so 8–16 bytes per distinct key; 5 M keys take 64 MB, where
 * the strings took ~550 MB), plus a small map for the keys seen more than once. Not thread-safe.
 *
 * <p>Two different keys with one fingerprint are counted as one: the second gets occurrence 1 where
 * an exact count says 0. Its id is still distinct and deterministic (the id hashes the full key), so
 * nothing is lost or merged; it only differs from {@link dev.pfms.api.model.TransactionIds#of}. For
 * n distinct keys that happens with probability about n²/2<sup>65</sup> (7·10<sup>-7</sup> for 5 M).
 */
final class OccurrenceTable {

  private long[] slots;
  private int size;
  private int mask;
  private final Map<Long, Integer> repeated = new HashMap<>();

  OccurrenceTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[cap];
    mask = cap - 1;
  }

  /**
   * Counts a key by its {@link #fingerprint}.
   *
   * @param f the key's fingerprint
   * @return how many times it was seen before (0 the first time)
   */
  int next(long f) {
    int i = (int) (f ^ (f >>> 32)) & mask;
    while (true) {
      long s = slots[i];
      if (s == 0) {
        slots[i] = f;
        if (++size * 4L > slots.length * 3L) {
          grow();
        }
        return 0;
      }
      if (s == f) {
        return repeated.merge(f, 1, Integer::sum);
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] old = slots;
    int cap = old.length << 1;
    slots = new long[cap];
    mask = cap - 1;
    for (long f : old) {
      if (f != 0) {
        int i = (int) (f ^ (f >>> 32)) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = f;
      }
    }
  }
}
