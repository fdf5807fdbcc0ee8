package dev.pfms.core.ingest.internal;

/**
 * Counts how often each content key was seen, like {@code HashMap<String, Integer>.merge(key, 1, sum)}
 * but with open addressing over parallel arrays: no node per entry, which matters when a source has a
 * million distinct keys. Exact: keys are compared with {@code equals}. Not thread-safe.
 */
final class OccurrenceTable {

  private String[] keys;
  private int[] hashes;
  private int[] counts;
  private int size;
  private int mask;

  OccurrenceTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new String[cap];
    hashes = new int[cap];
    counts = new int[cap];
    mask = cap - 1;
  }

  /**
   * Counts a key.
   *
   * @param key the content key
   * @return how many times it was seen before (0 the first time)
   */
  int next(String key) {
    int h = mix(key.hashCode());
    int i = h & mask;
    while (true) {
      String k = keys[i];
      if (k == null) {
        keys[i] = key;
        hashes[i] = h;
        counts[i] = 1;
        if (++size * 2 > keys.length) {
          grow();
        }
        return 0;
      }
      if (hashes[i] == h && k.equals(key)) {
        return counts[i]++;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    String[] ok = keys;
    int[] oh = hashes;
    int[] oc = counts;
    int cap = ok.length << 1;
    keys = new String[cap];
    hashes = new int[cap];
    counts = new int[cap];
    mask = cap - 1;
    for (int j = 0; j < ok.length; j++) {
      if (ok[j] != null) {
        int i = oh[j] & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = ok[j];
        hashes[i] = oh[j];
        counts[i] = oc[j];
      }
    }
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
