package dev.pfms.core.anomaly;

import dev.pfms.api.model.TransactionIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Transaction id to history position, for histories of millions of rows (ADR 0026): an id of 32
 * lower-case hex digits (what {@code TransactionIds} makes) is kept as two {@code long}s in an
 * open-addressing table, ~28 bytes an id instead of ~130 for a {@code HashMap<String, Integer>} entry
 * with its key and boxed value; any other id is kept as it is in a side map. The first position put for
 * an id is the one kept. Not thread-safe while being filled; safe to read from many threads after.
 */
final class IdIndex {

  private static final HexFormat HEX = HexFormat.of();

  private long[] hi;
  private long[] lo;
  private int[] value;
  private int size;
  /** Slot to entry index + 1 (0: empty); a power of two at least twice the entries. */
  private int[] slots;
  private final Map<String, Integer> odd = new HashMap<>();

  IdIndex(int expected) {
    int n = Math.max(16, expected);
    hi = new long[n];
    lo = new long[n];
    value = new int[n];
    slots = new int[tableSize(n)];
  }

  private static int tableSize(int entries) {
    return Integer.highestOneBit(Math.max(8, entries - 1)) << 2;
  }

  /**
   * Keeps {@code position} for {@code id} unless the id has one already.
   *
   * @param id the transaction id
   * @param position its position
   */
  void putIfAbsent(String id, int position) {
    long[] key = new long[2]; // scalar-replaced once inlined
    if (!TransactionIds.halves(id, key)) {
      odd.putIfAbsent(id, position);
      return;
    }
    long h = key[0];
    long l = key[1];
    int s = probe(h, l);
    if (slots[s] != 0) {
      return;
    }
    if (size == hi.length) {
      int n = (int) Math.min(Integer.MAX_VALUE - 16L, hi.length + (hi.length >> 1) + 16L);
      hi = Arrays.copyOf(hi, n);
      lo = Arrays.copyOf(lo, n);
      value = Arrays.copyOf(value, n);
    }
    hi[size] = h;
    lo[size] = l;
    value[size] = position;
    size++;
    slots[s] = size;
    if ((long) size * 2 > slots.length) {
      rehash();
    }
  }

  /**
   * The position kept for an id.
   *
   * @param id the transaction id
   * @return its position, or -1 when it has none
   */
  int get(String id) {
    long[] key = new long[2];
    if (!TransactionIds.halves(id, key)) {
      Integer v = odd.get(id);
      return v == null ? -1 : v;
    }
    int e = slots[probe(key[0], key[1])];
    return e == 0 ? -1 : value[e - 1];
  }

  /** The slot that holds the id {@code (h, l)}, or the empty slot where it would go. */
  private int probe(long h, long l) {
    int mask = slots.length - 1;
    for (int s = slot(h, l) & mask; ; s = (s + 1) & mask) {
      int e = slots[s];
      if (e == 0 || hi[e - 1] == h && lo[e - 1] == l) {
        return s;
      }
    }
  }

  /** The number of ids. */
  int size() {
    return size + odd.size();
  }

  /**
   * Every id with its position, by position.
   *
   * @return the entries
   */
  List<Map.Entry<String, Integer>> entriesByPosition() {
    List<Map.Entry<String, Integer>> out = new ArrayList<>(size());
    for (int i = 0; i < size; i++) {
      out.add(Map.entry(HEX.toHexDigits(hi[i]) + HEX.toHexDigits(lo[i]), value[i]));
    }
    out.addAll(odd.entrySet());
    out.sort(Map.Entry.comparingByValue());
    return out;
  }

  private void rehash() {
    int[] t = new int[slots.length * 2];
    int mask = t.length - 1;
    for (int e = 0; e < size; e++) {
      int s = slot(hi[e], lo[e]) & mask;
      while (t[s] != 0) {
        s = (s + 1) & mask;
      }
      t[s] = e + 1;
    }
    slots = t;
  }

  private static int slot(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return (int) x;
  }
}
